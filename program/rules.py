"""Permissions of the program. The public program follows the edition's visibility."""

import rules

from emc2.rules import is_chair, is_published, is_superuser

can_edit_program = is_chair | is_superuser

rules.add_perm("program.view_program", is_published | can_edit_program)
rules.add_perm("program.change_program", can_edit_program)
rules.add_perm("program.publish_schedule", can_edit_program)

# Publications (proceedings volume, booklet). Building and downloading at any time: chairs.
# The public downloads the volume once Volume.published is set and paper pages are visible
# (program.publish.selectors.volume_public); the booklet once it is built (with the program).
rules.add_perm("program.build_publications", can_edit_program)

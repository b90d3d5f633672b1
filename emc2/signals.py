"""Signals through which the apps add to the pages of the shared domain.

emc2 names no app: it sends these signals from ``emc2.selectors`` and each app answers in its
own ``receivers.py`` (connected in ``AppConfig.ready()``). They are sent with
``send_robust``: a receiver that raises is logged (Django logs it with its traceback on the
``django.dispatch`` logger) and left out, so one app's failure never breaks the page.

Contract for every receiver:

- accept ``**kwargs`` (Django passes ``signal`` and ``sender``; more arguments may come);
- be a read: no writes, no mail, no slow calls. The signals that feed the navigation
  (``edition_nav``) run on every edition page, so their receivers add no query they can avoid
  (use a cached flag); the others run a fixed number of queries, whatever the number of rows;
- return what the signal's docstring says, or ``None``/an empty value to add nothing.

Receivers are called in the order they were connected, which is the order of
``INSTALLED_APPS``.
"""

from django.dispatch import Signal

edition_nav = Signal()
"""Entries of an edition's navigation bar, on every page of the edition.

Sent with ``sender=Edition``, ``edition`` and ``user`` (maybe anonymous). A receiver returns a
list of ``(label, url)`` pairs, shown after the built-in entries in order of the apps.
"""

edition_sections = Signal()
"""Sections of an edition's home page (call for papers, speakers, challenge, ...).

Sent with ``sender=Edition``, ``edition`` and ``user``. A receiver returns ``None`` or one
section ``{"template": <template name>, "order": int, **context}``; the home page includes
the templates sorted by ``order`` (100 when missing), each with the dict as ``section``.
"""

edition_chair_links = Signal()
"""Links of the chair area of an edition.

Sent with ``sender=Edition``, ``edition`` and ``user`` (a chair of the edition). A receiver
returns a list of ``(label, url)`` pairs for the pages of its app the user may open.
"""

person_sections = Signal()
"""Sections of a person's public page (talks, papers, ...).

Sent with ``sender=Person``, ``person`` and ``user``. A receiver returns ``None`` or one
section, as for ``edition_sections``. Only public things: the page is open to everyone.
"""

public_urls = Signal()
"""Public pages that one app serves for another app's objects of an edition.

Sent by the app that renders a page listing the objects, with ``sender=<model class>``,
``edition`` and ``objs`` (a list of instances of that model, all of ``edition``). A receiver
returns ``{pk: url}`` for the objects whose public page it serves now (or ``{}``). The
sender renders the links itself; it need not know which app answers. Example: papers lists
the accepted papers and links each one to the paper page that program publishes.
"""

person_profile_sections = Signal()
"""Sections of the profile page a speaker opens with the link a chair mailed them.

Sent with ``sender=Person``, ``person`` and ``token`` (the signed link's token, for the URLs
the section's own forms post to). A receiver returns ``None`` or one section, as for
``edition_sections``. The page's own form saves the profile; a section's form posts to a
view of its app, which checks the token again and redirects back to the page. Example:
program asks for the speaker's availability for each upcoming edition they speak in.
"""

person_changed = Signal()
"""A person's profile was saved (name, affiliation, ...), sent by ``emc2.services``.

Sent with ``sender=Person`` and ``person``, inside the saving transaction. Unlike the page
signals above, a receiver may react, but only by queueing its work on commit (papers stores the
person's automatic conflicts again); it must not write or mail itself.
"""

edition_copied = Signal()
"""An edition was created as a copy of an earlier one: each app copies its own settings.

Sent with plain ``send`` (not robust) by ``emc2.services.edition_create`` inside its
transaction, with ``sender=Edition``, ``source`` and ``edition``. Unlike the signals above,
receivers WRITE: they copy their per-edition configuration (rooms, the review form,
submission types, enabled decisions) from ``source`` to ``edition``, quickly (no mail, no
slow calls). A receiver that raises rolls the whole creation back.
"""

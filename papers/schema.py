"""OpenAPI details of papers' serializers (drf-spectacular extensions, loaded by serializers).

A paper's status is published as its own component, ``PaperStatus``: left to
drf-spectacular it would be named ``StatusEnum`` and collide with other apps' status fields,
which the schema check refuses.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from papers.enums import PaperStatus


class PaperStatusFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "papers.serializers.PaperStatusField"

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name="PaperStatus",
            type=ResolvedComponent.SCHEMA,
            object="PaperStatus",
            schema={
                "type": "string",
                "enum": PaperStatus.values,
                "description": "\n".join(f"* `{v}` - {label}" for v, label in PaperStatus.choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref

"""Media storage: local disk by default, an S3-compatible bucket when configured.

Product code never asks where a file lives (no ``.path``, no ``MEDIA_ROOT``): it reads through
``storage.open()`` / ``FieldFile.open()``, writes through ``storage.save()``, and hands a library
that insists on a file name a temporary local copy (``local_copies``). Names under ``public/``
(photos, logos) are public; everything else is private and only ever streamed by a view that
checked the permission.
"""

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from storages.backends.s3 import S3Storage

PUBLIC_PREFIX = "public/"


class MediaS3Storage(S3Storage):
    """The bucket. Private objects get short-lived signed URLs (never linked by our pages, which
    stream private files through permission-checked views); ``public/`` objects get plain URLs
    under ``public_url`` when the bucket (or a CDN in front of it) serves that prefix openly,
    otherwise signed ones too."""

    public_url = ""

    def __init__(self, *, public_url: str = "", **options):
        self.public_url = public_url.rstrip("/")
        super().__init__(**options)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.public_url and name.startswith(PUBLIC_PREFIX):
            return f"{self.public_url}/{quote(name)}"
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)


def storage_is_local() -> bool:
    """Whether media live on this machine's disk (then Django serves ``public/`` itself)."""
    return isinstance(storages["default"], FileSystemStorage)


def media_exists(name: str, storage: Storage = default_storage) -> bool:
    return bool(name) and storage.exists(name)


def media_save(name: str, local_path: Path, storage: Storage = default_storage) -> str:
    """Store the local file at ``name``; returns the name the storage chose."""
    with open(local_path, "rb") as fh:
        return storage.save(name, File(fh, name=PurePosixPath(name).name))


@contextmanager
def local_copies(
    names: Iterable[str], storage: Storage = default_storage
) -> Iterator[dict[str, Path]]:
    """Temporary local copies of stored files, for libraries that need a file name (the PDF
    engine, WeasyPrint's images, the artifact measurer). ``{name: path}``; a name that cannot be
    read is left out. The copies are deleted when the block ends."""
    with tempfile.TemporaryDirectory(prefix="emc2-media-") as tmp:
        found: dict[str, Path] = {}
        for i, name in enumerate(dict.fromkeys(n for n in names if n)):
            dest = Path(tmp) / f"{i}{PurePosixPath(name).suffix[:10]}"
            try:
                with storage.open(name, "rb") as src, open(dest, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
            except (OSError, ValueError):
                dest.unlink(missing_ok=True)
                continue
            except Exception as exc:  # the bucket's client errors (missing key, no access)
                if exc.__class__.__name__ != "ClientError":
                    raise
                dest.unlink(missing_ok=True)
                continue
            found[name] = dest
        yield found

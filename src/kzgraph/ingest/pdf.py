"""The text layer of a PDF, page by page (pypdf: pure Python, no system library).

Pages are joined the way ``pdftotext`` joins them: each page's text ends with a newline and a form feed
``\\f`` separates pages. That text is what kzgraph stores, and :mod:`textmap` already repairs what PDF
extraction leaves behind — words hyphenated across a line (or page) break, blank lines inside sentences,
sentences running across a page break — while mapping every offset back to the stored text.

Encrypted PDFs (that need a password), corrupt or truncated ones, and scans without a text layer raise
:class:`~kzgraph.ingest.reading.IngestError` with one line naming the file.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

PAGE_BREAK = "\f"
MEDIA_TYPE = "application/pdf"
ENCODING = "pdf-text-layer"
ENCRYPTED = "encrypted PDF (needs a password); decrypt it first (e.g. qpdf --decrypt)"


def is_pdf(data: bytes, name: str) -> bool:
    """A PDF by its header at the start (a text that merely mentions ``%PDF-`` stays text) or by its suffix
    (then the header may be anywhere in the first 1024 bytes, as readers allow)."""
    return data.lstrip()[:5] == b"%PDF-" or name.lower().endswith(".pdf")


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs and warns about every irregularity it tolerates; kzgraph reports one line per file."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if len(msg) <= 160 else msg[:157] + "..."


def extract(data: bytes, *, name: str) -> tuple[str, str]:
    """PDF bytes → (text of all pages, title from the document information /Title or "")."""
    from kzgraph.errors import IngestError

    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError
    except ImportError:  # pragma: no cover - a declared dependency
        raise IngestError(f"{name}: PDF needs the pypdf package (pip install pypdf)") from None

    if b"%PDF-" not in data[:1024]:
        raise IngestError(f"{name}: not a PDF (no %PDF- header); corrupt file?")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(f"{name}: truncated PDF (no %%EOF at the end)")
    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))  # owner-password-only PDFs open with the empty user password
                except (DependencyError, NotImplementedError, PdfReadError):
                    opened = False
                if not opened:
                    raise IngestError(f"{name}: {ENCRYPTED}")
            pages: list[str] = []
            for page in reader.pages:
                text = page.extract_text() or ""
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_BREAK, "\n")
                pages.append(text if text.endswith("\n") or not text else text + "\n")
            title = _title(reader)
        except IngestError:
            raise
        except FileNotDecryptedError:
            raise IngestError(f"{name}: {ENCRYPTED}") from None
        except RecursionError:
            raise IngestError(f"{name}: corrupt PDF (object references loop)") from None
        except Exception as e:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
            raise IngestError(f"{name}: corrupt PDF ({_one_line(e)})") from None
    if not pages:
        raise IngestError(f"{name}: corrupt PDF (no pages)")
    text = PAGE_BREAK.join(pages)
    text = "".join(ch for ch in text if ch >= " " or ch in "\t\n\f")  # stray control characters of odd fonts
    if not any(ch.isalnum() for ch in text):
        raise IngestError(f"{name}: no text layer (scanned images?); run OCR first (e.g. ocrmypdf)")
    return text, title


def _title(reader: object) -> str:
    try:
        meta = reader.metadata  # type: ignore[attr-defined]
        title = meta.title if meta is not None else None
    except Exception:  # noqa: BLE001 - a broken information dictionary is no reason to refuse the text
        return ""
    return " ".join(str(title).split()) if isinstance(title, str) else ""

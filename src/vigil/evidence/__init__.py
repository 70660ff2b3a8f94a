"""Evidence files: a content-addressed, read-only file store and public image derivatives."""

from vigil.evidence.derivative import strip_metadata
from vigil.evidence.files import EvidenceFiles, FileProblem, StoredFile, detect_media_type

__all__ = ["EvidenceFiles", "FileProblem", "StoredFile", "detect_media_type", "strip_metadata"]

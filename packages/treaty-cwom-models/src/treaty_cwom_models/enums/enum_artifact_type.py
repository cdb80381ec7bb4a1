"""The ``EnumArtifactType`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumArtifactType"]


@unique
class EnumArtifactType(str, Enum):
    """What an Artifact is."""

    CODE_PATCH = "code_patch"
    """A patch or diff."""

    COMMIT = "commit"
    """A commit."""

    PR = "pr"
    """A pull request."""

    BUILD = "build"
    """A build output."""

    CONTAINER_IMAGE = "container_image"
    """A container image."""

    DOC = "doc"
    """A document."""

    REPORT = "report"
    """A report."""

    DATASET = "dataset"
    """A dataset."""

    LOG = "log"
    """A log."""

    TRACE = "trace"
    """A trace."""

    BINARY = "binary"
    """A binary file."""

    LINK = "link"
    """A link to something stored elsewhere."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value

"""The ``reason_codes`` kind: the SSOT's catalog of reason codes, their classes, semantics and restart modes."""

from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, Field, model_validator

from treaty_xtrl_models._types import CLOSED, Text, _ModelDocument
from treaty_xtrl_models.enums import (
    REASON_CLASSES,
    EnumReasonClass,
    EnumReasonSemantics,
    semantics,
)

__all__ = ["ModelReasonCodeRecord", "ModelReasonCodes", "ModelRestartModes"]

PRECEDENCE: tuple[EnumReasonClass, ...] = tuple(EnumReasonClass)
"""The order in which classes take precedence: stop, structural, repairable, advisory."""


class ModelReasonCodeRecord(BaseModel):
    """What the catalog declares about one code."""

    model_config = CLOSED

    class_: EnumReasonClass = Field(alias="class", description="The code's class (sets the restart mode).")
    semantics: EnumReasonSemantics = Field(description="Whether the code is a failure code or a policy code.")


def _catalog_schema(schema: dict[str, Any]) -> None:
    """Pin each code's class and semantics in the schema, so any JSON Schema validator enforces the catalog."""
    record = schema.pop("additionalProperties")  # every code is listed, so no other key is allowed
    schema["additionalProperties"] = False
    schema["required"] = [code.value for code in REASON_CLASSES]
    schema["properties"] = {
        code.value: {
            **record,
            "properties": {"class": {"const": cls.value}, "semantics": {"const": semantics(code).value}},
        }
        for code, cls in REASON_CLASSES.items()
    }


def _precedence(value: tuple[EnumReasonClass, ...]) -> tuple[EnumReasonClass, ...]:
    if value != PRECEDENCE:
        msg = f"classes_precedence must be {', '.join(c.value for c in PRECEDENCE)}"
        raise ValueError(msg)
    return value


class ModelRestartModes(BaseModel):
    """The restart mode of each class."""

    model_config = CLOSED

    stop: Literal["STOP"] = Field(description="After a stop code: do not restart.")
    structural: Literal["REITERATE_FROM_LAST_GOOD"] = Field(description="After a structural code.")
    repairable: Literal["REITERATE_FROM_CANDIDATE"] = Field(description="After a repairable code.")
    advisory: Literal["REITERATE_FROM_CANDIDATE"] = Field(description="After an advisory code.")


class ModelReasonCodes(_ModelDocument):
    """The reason-code catalog: every code with its class and semantics (failure or policy).

    The catalog is closed: every code is listed, no other code is allowed, and each code's class and
    semantics are fixed by the contract version.
    """

    model_config = CLOSED

    artifact_kind: Literal["reason_codes"] = Field(description="Always reason_codes.")
    version: Text = Field(description="Version of this catalog instance.", examples=["0.1"])
    classes_precedence: Annotated[
        tuple[EnumReasonClass, ...],
        Field(json_schema_extra={"const": [c.value for c in PRECEDENCE]}),
        AfterValidator(_precedence),
    ] = Field(description="Classes in precedence order.", examples=[[c.value for c in PRECEDENCE]])
    codes: dict[str, ModelReasonCodeRecord] = Field(
        description="Every code of the catalog, by name.",
        json_schema_extra=_catalog_schema,
        examples=[
            {
                code.value: {"class": cls.value, "semantics": semantics(code).value}
                for code, cls in REASON_CLASSES.items()
            }
        ],
    )
    restart_mode_by_class: ModelRestartModes = Field(description="The restart mode of each class.")

    @model_validator(mode="after")
    def _catalog(self) -> Self:
        expected = {code.value: (cls, semantics(code)) for code, cls in REASON_CLASSES.items()}
        unknown = sorted(set(self.codes) - set(expected))
        missing = [code for code in expected if code not in self.codes]
        if unknown or missing:
            msg = f"codes must list exactly the catalog's codes (unknown: {unknown}, missing: {missing})"
            raise ValueError(msg)
        for code, record in self.codes.items():
            if (record.class_, record.semantics) != expected[code]:
                cls, meaning = expected[code]
                msg = f"{code} is a {cls.value} {meaning.value} code"
                raise ValueError(msg)
        return self

"""The subset of the OpenAI chat-completions and completions schema the proxy reads.

Models are lenient with fields we do not read (they are kept and forwarded untouched) and
strict with the ones we do: a wrong type there is a 400 that names the field. Content-part
arrays keep their text parts; image, audio and file parts cannot be screened as text and are
counted in ``ignored_parts`` so the decision can say so.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..core import Role, Turn

ROLES = {
    "system": Role.SYSTEM,
    "developer": Role.SYSTEM,
    "user": Role.USER,
    "assistant": Role.ASSISTANT,
    "tool": Role.TOOL,
    "function": Role.TOOL,
}
"""OpenAI message roles and the turn role each maps to."""


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class ContentPart(_Lenient):
    """One part of a content array; only ``text`` parts carry screenable text."""

    type: str
    text: str | None = None


class FunctionCall(_Lenient):
    """The function half of an assistant tool call."""

    name: str | None = None
    arguments: str | None = None


class ToolCall(_Lenient):
    """A tool call made by the assistant in an earlier turn."""

    id: str | None = None
    function: FunctionCall | None = None


class ChatMessage(_Lenient):
    """One message of a chat request."""

    role: str
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        return role

    @field_validator("content")
    @classmethod
    def _text_parts_have_text(
        cls, content: str | list[ContentPart] | None
    ) -> str | list[ContentPart] | None:
        if isinstance(content, list):
            for index, part in enumerate(content):
                if part.type == "text" and part.text is None:
                    raise ValueError(f"part [{index}] of type text has no text")
        return content

    @property
    def turn_role(self) -> Role:
        """The role of this message as a conversation turn."""
        return ROLES[self.role]

    def text(self) -> str:
        """The screenable text: the string, or the text parts joined by newlines."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text or "" for part in self.content if part.type == "text")

    def ignored_parts(self) -> int:
        """How many content parts are not text (images, audio, files) and were not screened."""
        if not isinstance(self.content, list):
            return 0
        return sum(1 for part in self.content if part.type != "text")

    def turn(self) -> Turn:
        """This message as a core turn."""
        return Turn(self.turn_role, self.text())


class ChatRequest(_Lenient):
    """A ``POST /v1/chat/completions`` body: the fields the proxy reads."""

    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = None
    n: int | None = Field(default=None, ge=1, le=16)

    def latest_user_index(self) -> int | None:
        """Index of the latest user message, or None when there is none."""
        for index in range(len(self.messages) - 1, -1, -1):
            if self.messages[index].turn_role is Role.USER:
                return index
        return None

    def total_chars(self) -> int:
        """Characters of text across every message."""
        return sum(len(message.text()) for message in self.messages)


class CompletionRequest(_Lenient):
    """A ``POST /v1/completions`` body (legacy text completions)."""

    model: str
    prompt: str | list[str]
    stream: bool = False
    user: str | None = None
    n: int | None = Field(default=None, ge=1, le=16)
    suffix: str | None = None

    def prompts(self) -> list[str]:
        """Every prompt text (a string prompt is a list of one)."""
        return [self.prompt] if isinstance(self.prompt, str) else list(self.prompt)

    def total_chars(self) -> int:
        """Characters across every prompt and the suffix."""
        return sum(len(p) for p in self.prompts()) + len(self.suffix or "")


def describe_error(exc: ValidationError) -> str:
    """One line naming the first invalid field, e.g. ``messages[1].role: unknown role 'bot'``."""
    error = exc.errors()[0]
    where = ""
    for part in error["loc"]:
        if isinstance(part, int):
            where += f"[{part}]"
        elif part not in {
            "str",
            "list[ContentPart]",
            "list[str]",
            "function-after[_known_role(), str]",
        }:
            where += f".{part}" if where else str(part)
    message = error["msg"].removeprefix("Value error, ")
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more)" if more else ""
    return f"{where or '(body)'}: {message}{suffix}"


def choice_texts(body: Any, *, chat: bool) -> list[tuple[int, str]]:
    """``(index, text)`` of every choice of a non-streamed answer, tool-call arguments included.

    Raises:
        ValueError: the answer does not have the shape of a completion.
    """
    if not isinstance(body, dict) or not isinstance(body.get("choices"), list):
        raise ValueError("upstream answer has no choices list")
    out: list[tuple[int, str]] = []
    for position, choice in enumerate(body["choices"]):
        if not isinstance(choice, dict):
            raise ValueError("upstream choice is not an object")
        index = choice.get("index", position)
        index = index if isinstance(index, int) else position
        if chat:
            out.append((index, message_text(choice.get("message"))))
        else:
            text = choice.get("text")
            out.append((index, text if isinstance(text, str) else ""))
    return out


def message_text(message: Any) -> str:
    """The text an assistant message shows or hands to tools: content, refusal, tool arguments."""
    if not isinstance(message, dict):
        return ""
    pieces: list[str] = []
    for key in ("content", "refusal"):
        value = message.get(key)
        if isinstance(value, str):
            pieces.append(value)
        elif isinstance(value, list):
            pieces.extend(
                p["text"] for p in value if isinstance(p, dict) and isinstance(p.get("text"), str)
            )
    pieces.extend(tool_arguments(message.get("tool_calls")))
    function_call = message.get("function_call")
    if isinstance(function_call, dict) and isinstance(function_call.get("arguments"), str):
        pieces.append(function_call["arguments"])
    return "\n".join(piece for piece in pieces if piece)


def tool_arguments(tool_calls: Any) -> list[str]:
    """The argument strings of a list of tool calls (or deltas of them)."""
    out: list[str] = []
    if isinstance(tool_calls, list):
        for call in tool_calls:
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                out.append(function["arguments"])
    return out

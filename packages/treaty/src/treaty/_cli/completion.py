"""``treaty completion``: shell completion scripts for bash, zsh and fish, generated from the parser itself.

The scripts are written at run time from the same `argparse` parser that reads the command line, so a new
command or option is completed as soon as it exists: there is nothing to keep in step by hand. Each script
holds the parser as tables (the subcommands and options of each command, the values of each option) and a
few lines of shell that find, from the words typed so far, which command the cursor is in.
"""

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from treaty._cli.exit import EXIT_OK
from treaty._cli.parsers import subcommands

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SHELLS: Final = ("bash", "zsh", "fish")

Value = Literal["", "@files", "@dirs", "@any"]
"""What an option's value completes to, when it has no choices: files, directories, or anything."""


@dataclass(frozen=True)
class Option:
    """An option of a command: its flags, help, and the value it takes (if any)."""

    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]
    value: Value


@dataclass(frozen=True)
class Command:
    """A command (``treaty``, ``treaty validate``, ``treaty fixtures export``): its options and subcommands."""

    path: str
    help: str
    options: tuple[Option, ...]
    children: tuple[tuple[str, str], ...]
    """Each subcommand's name and help, or the choices of its positional argument (``completion SHELL``)."""


def register(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]", root: argparse.ArgumentParser
) -> None:
    """Add ``treaty completion`` to the parser ``root``, whose commands it completes."""
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script: bash, zsh or fish",
        description=(
            "Prints a script that completes treaty's commands, options and their values. "
            'bash: eval "$(treaty completion bash)" in ~/.bashrc; '
            'zsh: eval "$(treaty completion zsh)" in ~/.zshrc, after compinit; '
            "fish: treaty completion fish > ~/.config/fish/completions/treaty.fish"
        ),
    )
    completion.add_argument("shell", choices=SHELLS)
    completion.set_defaults(handler=lambda args: _print(root, args.shell))


def _print(root: argparse.ArgumentParser, shell: str) -> int:
    print(script(root, shell), end="")
    return EXIT_OK


def script(root: argparse.ArgumentParser, shell: str) -> str:
    """Return the completion script of a shell for the parser ``root``."""
    writers: dict[str, Callable[[list[Command]], str]] = {"bash": _bash, "zsh": _zsh, "fish": _fish}
    return writers[shell](list(walk(root)))


def walk(parser: argparse.ArgumentParser, path: str = "treaty", about: str = "") -> "Iterator[Command]":
    """Yield every command of a parser, depth first, the parser itself first."""
    children = subcommands(parser)
    helps = {
        choice.dest: choice.help or ""
        for action in parser._actions  # noqa: SLF001  # argparse lists actions nowhere public
        for choice in getattr(action, "_choices_actions", ())
    }
    options = tuple(_option(a) for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS)  # noqa: SLF001
    named = [(name, _one_line(helps.get(name, ""))) for name in children]
    named += [
        (str(choice), "")
        for action in parser._actions  # noqa: SLF001  # as above
        if not action.option_strings and action.choices and not children
        for choice in action.choices
    ]
    yield Command(path, about, options, tuple(named))
    for name, child in children.items():
        yield from walk(child, f"{path} {name}", helps.get(name, ""))


def _option(action: argparse.Action) -> Option:
    takes_value = action.nargs != 0
    choices = tuple(str(c) for c in action.choices) if action.choices else ()
    value: Value = ""
    if takes_value and not choices:
        if action.metavar == "DIR":
            value = "@dirs"
        elif action.type is Path or action.metavar in {"PATH", "FILE"}:
            value = "@files"
        else:
            value = "@any"
    return Option(tuple(action.option_strings), _one_line(action.help or ""), takes_value, choices, value)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("%%", "%")).strip()


def _values(commands: list[Command]) -> "Iterator[tuple[str, str]]":
    """Yield ``("<command> <flag>", what its value completes to)`` for every option that takes a value."""
    for command in commands:
        for option in command.options:
            if option.takes_value:
                for flag in option.flags:
                    yield f"{command.path} {flag}", " ".join(option.choices) or option.value


def _bash(commands: list[Command]) -> str:
    def table(name: str, rows: "Iterator[tuple[str, str]]") -> str:
        lines = "".join(f"        [{_sh(key)}]={_sh(value)}\n" for key, value in rows)
        return f"    local -A {name}=(\n{lines}    )\n"

    return (
        "# generated by `treaty completion bash`, do not edit\n"
        '# use: eval "$(treaty completion bash)" in ~/.bashrc\n'
        "_treaty() {\n"
        + table("subs", ((c.path, " ".join(n for n, _ in c.children)) for c in commands if c.children))
        + table("opts", ((c.path, " ".join(f for o in c.options for f in o.flags)) for c in commands))
        + table("vals", _values(commands))
        + _BASH_BODY
    )


_BASH_BODY: Final = r"""    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local at=treaty word key skip=0 i
    # Which command the cursor is in: follow the subcommands typed so far, skipping option values.
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if ((skip)); then skip=0; continue; fi
        key="$at $word"
        if [[ -n ${vals[$key]+set} ]]; then
            skip=1
        elif [[ " ${subs[$at]} " == *" $word "* ]]; then
            at=$key
        fi
    done
    key="$at $prev"
    if [[ -n ${vals[$key]+set} ]]; then
        case ${vals[$key]} in
            @dirs) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
            @files) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
            @any) COMPREPLY=() ;;
            *) mapfile -t COMPREPLY < <(compgen -W "${vals[$key]}" -- "$cur") ;;
        esac
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${opts[$at]}" -- "$cur")
    elif [[ -n ${subs[$at]} ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${subs[$at]}" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}
complete -o bashdefault -o default -F _treaty treaty
"""


def _zsh(commands: list[Command]) -> str:
    lines = [
        "#compdef treaty",
        "# generated by `treaty completion zsh`, do not edit",
        '# use: eval "$(treaty completion zsh)" in ~/.zshrc after compinit, or save it as _treaty in $fpath',
        "_treaty() {",
        "  local -A subs opts vals  # not commands or options: zsh has parameters of those names",
    ]
    for c in commands:
        if c.children:
            described = "\n".join(f"{name}:{about}" for name, about in c.children)
            lines.append(f"  subs+=({_zq(c.path)} {_zq(described)})")
        described = "\n".join(f"{flag}:{o.help}" for o in c.options for flag in o.flags)
        lines.append(f"  opts+=({_zq(c.path)} {_zq(described)})")
    lines.extend(f"  vals+=({_zq(key)} {_zq(value)})" for key, value in _values(commands))
    return "\n".join(lines) + "\n" + _ZSH_BODY


_ZSH_BODY: Final = r"""  local at=treaty word key i skip=0
  local -a described
  # Which command the cursor is in: follow the subcommands typed so far, skipping option values.
  for ((i = 2; i < CURRENT; i++)); do
    word=${words[i]}
    if ((skip)); then skip=0; continue; fi
    key="$at $word"
    if (( ${+vals[$key]} )); then
      skip=1
    elif (( ${${(f)subs[$at]}[(I)${word}:*]} )); then
      at=$key
    fi
  done
  key="$at ${words[CURRENT-1]}"
  if (( ${+vals[$key]} )); then
    case ${vals[$key]} in
      @dirs) _files -/ ;;
      @files) _files ;;
      @any) _message value ;;
      *) compadd -- ${=vals[$key]} ;;
    esac
  elif [[ ${words[CURRENT]} == -* ]]; then
    described=(${(f)opts[$at]})
    _describe -t options option described
  elif [[ -n ${subs[$at]} ]]; then
    described=(${(f)subs[$at]})
    _describe -t commands command described
  else
    _files
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _treaty "$@"
else
  compdef _treaty treaty
fi
"""


def _fish(commands: list[Command]) -> str:
    paths = " ".join(_fq(c.path) for c in commands[1:])
    valued = " ".join(_fq(key) for key, _ in _values(commands))
    lines = [
        "# generated by `treaty completion fish`, do not edit",
        "# use: treaty completion fish > ~/.config/fish/completions/treaty.fish",
        f"set -g __treaty_commands {paths}",
        f"set -g __treaty_valued {valued}",
        _FISH_AT,
    ]
    for c in commands:
        at = f"-n {_fq(f'test (__treaty_at) = {_fq(c.path)}')}"
        if c.children:
            lines.append(f"complete -c treaty {at} -f")
            lines.extend(
                f"complete -c treaty {at} -a {_fq(name)} -d {_fq(about)}" for name, about in c.children
            )
        for o in c.options:
            flags = " ".join(
                f"-l {_fq(flag[2:])}" if flag.startswith("--") else f"-s {_fq(flag[1:])}" for flag in o.flags
            )
            value = ""
            if o.choices:
                value = f" -x -a {_fq(' '.join(o.choices))}"
            elif o.value == "@dirs":
                value = " -x -a '(__fish_complete_directories (commandline -ct))'"
            elif o.value == "@files":
                value = " -r -F"
            elif o.value == "@any":
                value = " -x"
            lines.append(f"complete -c treaty {at} {flags}{value} -d {_fq(o.help)}")
    return "\n".join(lines) + "\n"


_FISH_AT: Final = """function __treaty_at --description 'the treaty command the words typed so far are in'
    set -l at treaty
    set -l skip 0
    for word in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
        else if contains -- "$at $word" $__treaty_valued
            set skip 1
        else if contains -- "$at $word" $__treaty_commands
            set at "$at $word"
        end
    end
    echo $at
end"""


def _sh(text: str) -> str:
    """Quote for bash: in single quotes, each single quote closed, escaped and reopened."""
    return "'" + text.replace("'", "'\\''") + "'"


def _zq(text: str) -> str:
    """Quote for zsh as ``$'...'``, where a newline separates the entries of a table cell."""
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return f"$'{escaped}'"


def _fq(text: str) -> str:
    """Quote for fish: single quotes, in which only a backslash and a single quote are escaped."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

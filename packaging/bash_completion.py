#!/usr/bin/env python3
"""Writes the bash completion of manualgen from the program's own --help (run at build time by
cmake/package.cmake), so every command and option the program has is completed, and only those.

Usage: bash_completion.py MANUALGEN OUTPUT
"""
import re
import subprocess
import sys

OPTION = re.compile(r"^  (?:-\w,)?(--[\w-]+)(?: (\S+))?")
SUBCOMMAND = re.compile(r"^  ([a-z][\w-]*)\s")


def commands(program, path=()):
    """Yields (path, options that take a value, flags, subcommands) for the command and those below it."""
    text = subprocess.run([program, *path, "--help"], capture_output=True, text=True, check=True).stdout
    valued, flags, subcommands, section = [], [], [], None
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = line
            continue
        if section == "Options:" and (m := OPTION.match(line)):
            (valued if m.group(2) else flags).append(m.group(1))
        elif section == "Subcommands:" and (m := SUBCOMMAND.match(line)):
            subcommands.append(m.group(1))
    yield path, valued, flags, subcommands
    for sub in subcommands:
        yield from commands(program, (*path, sub))


def script(program):
    cases = []
    for path, valued, flags, subcommands in commands(program):
        words = " ".join(subcommands + flags + valued)
        values = "|".join(valued)
        value_case = f"\n      case $prev in {values}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;; esac" if values else ""
        cases.append(f'    "{" ".join(path)}"){value_case}\n      COMPREPLY=($(compgen -W "{words}" -- "$cur")) ;;')
    return f"""# bash completion for manualgen, generated from its --help by packaging/bash_completion.py.
_manualgen() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} path="" word i
  # The command path so far: the words before the cursor that are not options or their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${{COMP_WORDS[i]}}
    [[ $word == -* ]] && continue
    case "$path" in
{chr(10).join(f'      "{" ".join(p)}") case $word in {"|".join(s)}) path="${{path:+$path }}$word" ;; esac ;;' for p, _, _, s in commands(program) if s)}
    esac
  done
  case "$path" in
{chr(10).join(cases)}
  esac
}}
complete -F _manualgen manualgen
"""


if __name__ == "__main__":
    with open(sys.argv[2], "w") as out:
        out.write(script(sys.argv[1]))

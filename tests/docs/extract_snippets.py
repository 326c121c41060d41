#!/usr/bin/env python3
"""Extracts the C++ blocks of README.md and docs/ into sources the suite compiles (tests/docs/).

A ```cpp block is one of two kinds, told by the line just before its fence:
  - a whole program (it defines int main): nothing needed, or
        <!-- snippet: program; args: ARG... -->     the arguments it is run with (files from examples/data)
        <!-- snippet: program; no-run: REASON -->   compiled and linked, not run
    Each program is its own translation unit, with only the includes it shows, and runs against
    fal-emulator in the suite.
  - a deliberately partial block (statements, as inside a function):
        <!-- snippet: partial; given: DECLARATIONS -->
    It is compiled inside a function, after DECLARATIONS (the names it uses but does not declare), with
    every public header and the helpers of tests/docs/snippet_context.hpp (ShowBar, LoadShots, ...).
A block that is neither is an error the compile reports at its line. Compiler errors point at the
Markdown file and line (#line), so a failure names the file and the block.

Usage: extract_snippets.py SOURCE_DIR OUTPUT_DIR
Writes OUTPUT_DIR/partials.cpp, OUTPUT_DIR/program_N.cpp and OUTPUT_DIR/programs.cmake.
"""
import os
import re
import sys

MARKER = re.compile(r"^<!--\s*snippet:\s*(program|partial)\s*(?:;\s*(args|given|no-run):\s*(.*?))?\s*-->\s*$")


def markdown_files(root):
    files = [os.path.join(root, "README.md")]
    for base, _, names in os.walk(os.path.join(root, "docs")):
        files += [os.path.join(base, n) for n in names if n.endswith(".md")]
    return sorted(f for f in files if os.path.isfile(f))


def blocks(path):
    """(first code line number, marker line or None, code lines) of each ```cpp block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```cpp":
            marker = lines[i - 1].strip() if i > 0 and lines[i - 1].strip().startswith("<!--") else None
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            yield start + 1, marker, lines[start:j]
            i = j
        i += 1


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_if_changed(path, text):
    if os.path.exists(path) and open(path, encoding="utf-8").read() == text:
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    root, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    partial_includes, partial_bodies, programs = [], [], []
    for path in markdown_files(root):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        abs_path = os.path.abspath(path).replace(os.sep, "/")
        for line, marker, code in blocks(path):
            where = f"{rel}:{line}"
            match = MARKER.match(marker) if marker else None
            if marker and marker.startswith("<!-- snippet") and not match:
                partial_bodies.append(f'#line {line - 1} {c_string(abs_path)}\n#error "unreadable snippet marker; '
                                      f'see tests/docs/extract_snippets.py"\n')
                continue
            kind = match.group(1) if match else ("program" if any(re.search(r"\bint main\s*\(", l) for l in code)
                                                 else None)
            if kind is None:
                partial_bodies.append(
                    f'#line {line} {c_string(abs_path)}\n#error "this C++ block is neither a whole program (int main) '
                    f'nor marked partial: put <!-- snippet: partial; given: DECLARATIONS --> on the line before it"\n')
                continue
            option, value = (match.group(2), match.group(3) or "") if match else (None, "")
            if kind == "program":
                n = len(programs)
                text = f"// {where}, extracted by tests/docs/extract_snippets.py\n#line {line} {c_string(abs_path)}\n"
                text += "\n".join(code) + "\n"
                write_if_changed(os.path.join(out, f"program_{n}.cpp"), text)
                programs.append((n, where, value if option == "args" else "", option == "no-run"))
                continue
            given = value if option == "given" else ""
            includes = [l for l in code if l.strip().startswith("#include")]
            body = [("" if l.strip().startswith("#include") else l) for l in code]
            partial_includes += [f"#line {line + k} {c_string(abs_path)}\n{l}" for k, l in enumerate(code)
                                 if l in includes]
            n = len(partial_bodies)
            partial_bodies.append(
                f"// {where}\n[[maybe_unused]] int DocSnippet{n}() {{\n  {given}\n"
                f"#line {line} {c_string(abs_path)}\n" + "\n".join(body) + "\n  return 0;\n}\n")
    partials = ("// The partial C++ blocks of README.md and docs/, extracted by tests/docs/extract_snippets.py.\n"
                '#include "snippet_context.hpp"\n' + "\n".join(partial_includes) +
                "\n\nnamespace doc_snippets {\n" + "\n".join(partial_bodies) + "}  // namespace doc_snippets\n")
    write_if_changed(os.path.join(out, "partials.cpp"), partials)
    cmake = "# Generated by tests/docs/extract_snippets.py: one entry per whole program in the docs.\n"
    cmake += "set(doc_programs\n"
    for n, where, args, no_run in programs:
        cmake += f'  "{n}|{where}|{args}|{"no-run" if no_run else "run"}"\n'
    cmake += ")\n"
    write_if_changed(os.path.join(out, "programs.cmake"), cmake)


if __name__ == "__main__":
    main()

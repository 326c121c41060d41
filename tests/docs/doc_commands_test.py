#!/usr/bin/env python3
"""Runs every fal-ltx command shown in README.md and docs/cli.md against a fresh fal-emulator.

What a page shows is what is checked:
  - in a ```sh block, each command line that runs fal-ltx (continuation lines joined); a trailing comment
    that says "exit N" expects exit code N, otherwise 0. The commands of one block run in one shell, in
    order, so `id=$(fal-ltx ... --no-wait)` then `fal-ltx result "$id"` works as written.
  - in a plain ``` block, each line "$ fal-ltx ..." is a command and the lines after it, up to the next
    "$ ", are its output (stderr and stdout, as a terminal shows them), compared line by line; "$ echo $?"
    followed by N expects exit code N.
The working directory holds the files the pages name (tests/docs/doc_files.sh). A failure names the
page and line, the command, the exit code expected and got, and what the command printed.

Usage: doc_commands_test.py SOURCE_DIR FAL_LTX FAL_EMULATOR
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

PAGES = ["README.md", "docs/cli.md"]
EXIT = re.compile(r"#.*\bexit (\d+)")


def without_comment(command):
    """The command without a trailing shell comment (a " #" outside quotes)."""
    quote = None
    for i, ch in enumerate(command):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and i > 0 and command[i - 1] in " \t":
            return command[:i].rstrip()
    return command


def runs_fal_ltx(command):
    words = shlex.split(without_comment(command).replace("$(", " ")) if command else []
    for w in words[:3]:
        if w == "fal-ltx" or w.endswith("/fal-ltx"):
            return True
    return False


def commands_of(page, root):
    """(line, command, expected exit, expected output or None, block id) for each command on the page."""
    lines = open(os.path.join(root, page), encoding="utf-8").read().split("\n")
    out = []
    i = 0
    block = 0
    while i < len(lines):
        fence = lines[i].strip()
        if not fence.startswith("```"):
            i += 1
            continue
        lang = fence[3:]
        j = i + 1
        body = []
        while j < len(lines) and lines[j].strip() != "```":
            body.append((j + 1, lines[j]))
            j += 1
        block += 1
        transcript = any(text.startswith("$ ") for _, text in body)
        if lang == "sh" and not transcript:
            k = 0
            while k < len(body):
                number, text = body[k]
                while text.endswith("\\") and k + 1 < len(body):
                    k += 1
                    text = text[:-1] + " " + body[k][1].strip()
                k += 1
                command = text.strip()
                if not command or command.startswith("#") or not runs_fal_ltx(command):
                    continue
                match = EXIT.search(command)
                out.append((number, command, int(match.group(1)) if match else 0, None, block))
        elif lang in ("", "sh"):
            k = 0
            while k < len(body):
                number, text = body[k]
                if not text.startswith("$ ") or not runs_fal_ltx(text[2:]):
                    k += 1
                    continue
                shown = []
                k += 1
                while k < len(body) and not body[k][1].startswith("$ "):
                    shown.append(body[k][1])
                    k += 1
                code = 0
                if k + 1 < len(body) and body[k][1].strip() == "$ echo $?":
                    code = int(body[k + 1][1].strip())
                    k += 2
                out.append((number, text[2:], code, shown, block))
        i = j + 1
    return out


def start_emulator(emulator, work):
    args = [emulator, "--port", "0", "--queue-ms", "50", "--run-ms", "200", "--log-every-ms", "50"]
    key = os.environ.get("FALCPP_CANARY_KEY")
    if key:
        args += ["--api-key", key]
    log = open(os.path.join(work, "emulator.err"), "w")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
    first = proc.stdout.readline().strip()
    if not first.startswith("fal-emulator listening on "):
        proc.kill()
        sys.exit("doc_commands_test: fal-emulator did not start")
    return proc, first[len("fal-emulator listening on "):]


def main():
    root, fal_ltx, emulator = (os.path.abspath(a) for a in sys.argv[1:4])
    failures = 0
    count = 0
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([os.path.join(root, "tests/docs/doc_files.sh"), root, work], check=True)
        bin_dir = os.path.join(work, "bin")
        os.makedirs(bin_dir)
        os.symlink(os.path.abspath(fal_ltx), os.path.join(bin_dir, "fal-ltx"))
        proc, base_url = start_emulator(emulator, work)
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAL_KEY")}
        env.update(FAL_BASE_URL=base_url, PATH=bin_dir + os.pathsep + env.get("PATH", ""),
                   XDG_STATE_HOME=os.path.join(work, "state"))
        if os.environ.get("FALCPP_CANARY_KEY"):
            env["FAL_KEY"] = os.environ["FALCPP_CANARY_KEY"]
        try:
            for page in PAGES:
                by_block = {}
                for entry in commands_of(page, root):
                    by_block.setdefault(entry[4], []).append(entry)
                for entries in by_block.values():
                    failures += run_block(page, entries, work, env)
                    count += len(entries)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"doc_commands_test: {count} commands from {', '.join(PAGES)}, {failures} failed")
    return 1 if failures or count == 0 else 0


def run_block(page, entries, work, env):
    """Runs one block's commands in one shell; returns the number that failed."""
    script = "set -u\n"
    for n, (_, command, _, _, _) in enumerate(entries):
        command = re.sub(r"(^|[\s(])\./build/tools/cli/fal-ltx\b", r"\1fal-ltx", without_comment(command))
        script += f"{{ {command} ; }} > out_{n} 2>&1; echo $? > rc_{n}\n"
    for n in range(len(entries)):
        for name in (f"out_{n}", f"rc_{n}"):
            if os.path.exists(os.path.join(work, name)):
                os.remove(os.path.join(work, name))
    subprocess.run(["bash", "-c", script], cwd=work, env=env, timeout=240)
    failed = 0
    for n, (line, command, code, shown, _) in enumerate(entries):
        rc_path = os.path.join(work, f"rc_{n}")
        got = int(open(rc_path).read()) if os.path.exists(rc_path) else None
        printed = open(os.path.join(work, f"out_{n}"), encoding="utf-8", errors="replace").read() \
            if os.path.exists(os.path.join(work, f"out_{n}")) else ""
        problems = []
        if got != code:
            problems.append(f"exit code {got}, the page says {code}")
        if shown is not None and printed.rstrip("\n").split("\n") != shown:
            problems.append("the output differs from the page's:\n--- the page\n" + "\n".join(shown) +
                            "\n--- fal-ltx printed")
        if problems:
            failed += 1
            print(f"FAIL {page}:{line}: {command}\n  " + "\n  ".join(problems) + "\n" + printed)
        else:
            print(f"ok   {page}:{line}: {command}")
    return failed


if __name__ == "__main__":
    sys.exit(main())

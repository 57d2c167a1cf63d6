"""Runs `policyctl eval` over one partition of NDJSON lines and checks what it gave back.

No Spark here: the job (policyctl_spark.py) calls `evaluate_partition` from each task, and the
tests call it directly. Spark's own `RDD.pipe` is not used because it ignores the child's exit
code and notices no lost or doubled line; this runner fails the partition on either.
"""
import collections
import json
import subprocess
import threading

# Exit codes of `policyctl eval` that mean "the output is complete" (docs/cli.md).
COMPLETE_EXITS = (0, 1)
# The most of the tool's stderr that goes into a failure's message.
STDERR_LIMIT = 4000


class PartitionFailure(RuntimeError):
    """`policyctl` failed on a partition: its number, exit code and stderr are in the message."""

    MARKER = "policyctl failed on partition"
    END = "--- end of policyctl stderr ---"

    def __init__(self, partition, reason, stderr):
        text = stderr.decode("utf-8", "replace").strip()
        if len(text) > STDERR_LIMIT:
            text = text[:STDERR_LIMIT] + "\n[stderr cut at %d characters]" % STDERR_LIMIT
        super().__init__("%s %d: %s\n--- policyctl stderr ---\n%s\n%s"
                         % (self.MARKER, partition, reason, text or "(empty)", self.END))
        self.partition = partition


def is_blank(line):
    """Whether `eval` skips the line (only spaces, tabs and a final `\\r`): it gives no output line."""
    return line.rstrip("\r").strip(" \t") == ""


def without_byte_order_mark(lines):
    """The lines with a UTF-8 byte order mark removed from the first: the file's start, which
    `eval --line-offset` does not look for, as a direct `eval` of the file skips it."""
    first = True
    for line in lines:
        if first and line.startswith("\ufeff"):
            line = line[1:]
        first = False
        yield line


def parquet_row(text):
    """One output line as a Parquet row: line, account_id, bureau (the policy's id), action names,
    the error line's code, and the whole line."""
    decision = json.loads(text)
    error = decision.get("error")
    policy = decision.get("policy") or {}
    return (decision.get("line"), decision.get("account_id"), policy.get("id"),
            [a.get("action") for a in decision.get("actions", [])],
            error.get("code") if error else None, text)


class Tally:
    """What a partition's output held: decisions, errors as `eval` counts them, actions by name."""

    def __init__(self):
        self.lines = 0
        self.evaluated = 0
        self.errors = 0
        self.error_codes = collections.Counter()
        self.actions = collections.Counter()

    def add_line(self, decision):
        """Counts one parsed output line: an error line, or a decision (with or without rule errors)."""
        self.lines += 1
        error = decision.get("error")
        if error is not None:
            self.errors += 1
            self.error_codes[error.get("code", "?")] += 1
            return
        self.evaluated += 1
        if decision.get("errors"):
            self.errors += 1
        for action in decision.get("actions", []):
            self.actions[action.get("action", "?")] += 1

    def merge(self, other):
        """Adds another tally into this one."""
        self.lines += other.lines
        self.evaluated += other.evaluated
        self.errors += other.errors
        self.error_codes.update(other.error_codes)
        self.actions.update(other.actions)
        return self


def evaluate_partition(partition, lines, command, line_offset, env=None, on_line=None):
    """Feeds `lines` (text without line breaks) to `command` (`policyctl eval …`, to which
    `--line-offset` is added) and yields each output line (text without its line break).

    `on_line(text, parsed)` is called for every output line with its parsed JSON. Raises
    `PartitionFailure` after the last line when the tool exited with another code than 0 or 1,
    or gave a different number of lines than the partition's non-blank lines; Spark then fails
    the task before its output is committed.
    """
    process = subprocess.Popen(
        list(command) + ["--line-offset", str(line_offset)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env if env is not None else {},
    )
    fed = {"lines": 0, "error": None}
    stderr_chunks = []

    def feed():
        try:
            for line in lines:
                if not is_blank(line):
                    fed["lines"] += 1
                process.stdin.write(line.encode("utf-8") + b"\n")
        except BrokenPipeError:
            fed["error"] = "it stopped reading its input"
        except Exception as error:  # the input iterator failed: report it, do not hang
            fed["error"] = "reading the partition failed: %r" % (error,)
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    def drain():
        with process.stderr:
            stderr_chunks.append(process.stderr.read())

    feeder = threading.Thread(target=feed, daemon=True)
    drainer = threading.Thread(target=drain, daemon=True)
    feeder.start()
    drainer.start()
    returned = 0
    with process.stdout:
        for raw in process.stdout:
            returned += 1
            text = raw.decode("utf-8").rstrip("\n")
            if on_line is not None:
                try:
                    parsed = json.loads(text)
                except ValueError:
                    process.kill()
                    process.wait()
                    raise PartitionFailure(partition, "output line %d is not JSON: %.200s" % (returned, text), b"")
                on_line(text, parsed)
            yield text
    status = process.wait()
    feeder.join()
    drainer.join()
    stderr = b"".join(stderr_chunks)
    # A tool that refused to start (exit 2: an invalid policy) stops reading too: its code says why.
    if status not in COMPLETE_EXITS:
        raise PartitionFailure(partition, "exit %d (0 or 1 expected)" % status, stderr)
    if fed["error"] is not None:
        raise PartitionFailure(partition, fed["error"] + " (exit %d)" % status, stderr)
    if returned != fed["lines"]:
        raise PartitionFailure(
            partition, "%d lines out for %d snapshot lines in (exit %d)" % (returned, fed["lines"], status), stderr)

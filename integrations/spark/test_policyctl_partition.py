"""The partition runner without Spark: what it feeds, what it accepts and what fails a partition.

Stand-in tools (small Python programs) play a `policyctl` that drops or doubles a line, or
exits with a code other than 0 or 1; the real binary (POLICYCTL_BIN, when set) shows that
the offset reaches `eval`.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import policyctl_partition as runner  # noqa: E402


def tool(body):
    """A command that runs `body` with the input lines in `lines` and `sys.argv` as given."""
    prelude = "import sys\nlines = sys.stdin.read().splitlines()\n"
    return [sys.executable, "-c", prelude + body]


# Echoes each non-blank line as a JSON object with its number (offset from argv), as eval does.
ECHO = tool(
    "import json\n"
    "n = int(sys.argv[sys.argv.index('--line-offset') + 1])\n"
    "for line in lines:\n"
    "    n += 1\n"
    "    if line.strip(' \\t\\r'):\n"
    "        print(json.dumps({'line': n, 'account_id': line, 'actions': [{'action': 'first_reminder'}], 'errors': []}))\n"
)


class PartitionRunnerTests(unittest.TestCase):
    def run_partition(self, command, lines, offset=0, index=3):
        tally = runner.Tally()
        out = list(runner.evaluate_partition(index, iter(lines), command, offset,
                                             on_line=lambda _, parsed: tally.add_line(parsed)))
        return out, tally

    def test_blank_lines_give_no_output_line_and_are_not_counted_as_snapshots(self):
        out, tally = self.run_partition(ECHO, ["a", "", "  \r", "b"], offset=10)
        self.assertEqual([runner.json.loads(line)["line"] for line in out], [11, 14])
        self.assertEqual((tally.lines, tally.evaluated, tally.errors), (2, 2, 0))
        self.assertEqual(tally.actions["first_reminder"], 2)

    def test_a_dropped_line_fails_the_partition_naming_it(self):
        dropping = tool("for line in lines[1:]:\n    print('{}')\n")
        with self.assertRaises(runner.PartitionFailure) as failure:
            self.run_partition(dropping, ["a", "b", "c"])
        self.assertIn("policyctl failed on partition 3: 2 lines out for 3 snapshot lines in", str(failure.exception))

    def test_a_doubled_line_fails_the_partition(self):
        doubling = tool("for line in lines + lines[:1]:\n    print('{}')\n")
        with self.assertRaises(runner.PartitionFailure) as failure:
            self.run_partition(doubling, ["a", "b"])
        self.assertIn("3 lines out for 2 snapshot lines in", str(failure.exception))

    def test_exit_one_is_complete_output_and_other_codes_fail_with_stderr(self):
        errors = tool("for line in lines:\n    print('{\"error\": {\"code\": \"invalid_snapshot\"}}')\nsys.exit(1)\n")
        out, tally = self.run_partition(errors, ["x"])
        self.assertEqual(len(out), 1)
        self.assertEqual((tally.evaluated, tally.errors, tally.error_codes["invalid_snapshot"]), (0, 1, 1))
        for status in (2, 3, 70):
            failing = tool("sys.stderr.write('policies/yongdeng.yaml:3:1: error: broken\\n')\nsys.exit(%d)\n" % status)
            with self.assertRaises(runner.PartitionFailure) as failure:
                self.run_partition(failing, ["a"])
            message = str(failure.exception)
            self.assertIn("exit %d (0 or 1 expected)" % status, message)
            self.assertIn("policies/yongdeng.yaml:3:1: error: broken", message)
            self.assertTrue(message.endswith(runner.PartitionFailure.END))

    def test_output_that_is_not_json_fails_the_partition(self):
        with self.assertRaises(runner.PartitionFailure) as failure:
            self.run_partition(tool("print('oops')\n"), ["a"])
        self.assertIn("output line 1 is not JSON", str(failure.exception))

    def test_the_child_gets_an_empty_environment(self):
        os.environ["POLICYCTL_SPARK_TEST"] = "1"
        env = tool("import os, json\nfor line in lines:\n    print(json.dumps({'env': sorted(os.environ)}))\n")
        out, _ = self.run_partition(env, ["a"])
        # Python itself sets LC_CTYPE in a child started without a locale (PEP 538).
        self.assertEqual([k for k in runner.json.loads(out[0])["env"] if k != "LC_CTYPE"], [])

    def test_a_byte_order_mark_is_removed_from_the_first_line_only(self):
        lines = list(runner.without_byte_order_mark(["\ufeff{}", "\ufeff{}"]))
        self.assertEqual(lines, ["{}", "\ufeff{}"])

    def test_the_parquet_row_of_a_decision_and_of_an_error_line(self):
        decision = '{"account_id":"A","line":7,"policy":{"id":"xigu"},"actions":[{"action":"late_fee"},{"action":"escalate"}]}'
        self.assertEqual(runner.parquet_row(decision), (7, "A", "xigu", ["late_fee", "escalate"], None, decision))
        error = '{"line":8,"error":{"code":"invalid_snapshot","path":"","message":"m"}}'
        self.assertEqual(runner.parquet_row(error), (8, None, None, [], "invalid_snapshot", error))

    @unittest.skipUnless(os.environ.get("POLICYCTL_BIN"), "POLICYCTL_BIN names no policyctl binary")
    def test_the_real_eval_numbers_from_the_offset(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        with open(os.path.join(root, "examples", "snapshots.ndjson"), encoding="utf-8") as f:
            lines = f.read().splitlines()[:3]
        command = [os.environ["POLICYCTL_BIN"], "eval", "--policy", os.path.join(root, "policies")]
        out, tally = self.run_partition(command, [lines[0], "", lines[1], lines[2]], offset=100)
        self.assertEqual([runner.json.loads(line)["line"] for line in out], [101, 103, 104])
        self.assertEqual(tally.evaluated, 3)


if __name__ == "__main__":
    unittest.main()

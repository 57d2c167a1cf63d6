"""The Spark job end to end, in local mode on 2 cores, against a direct `policyctl eval`.

Environment: POLICYCTL_PACKAGE (the tarball from scripts/package.sh), SPARK_SUBMIT (the
venv's spark-submit), SPARK_TEST_DIR (a scratch directory), SPARK_TEST_COUNT (snapshots,
default 100000). Run by integrations/spark/ci.sh, which sets them.

The input is generated (benchmarks/generate.py) and then given a byte order mark, blank lines,
"\r\n" line ends, a line with a lone "\r" inside and one broken line, so that line numbering
across partitions, line breaks and error lines are exercised. The
decisions are compared in order: the job's part files joined must be byte for byte the direct
eval's output of the same file by the same packed binary.
"""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JOB = os.path.join(HERE, "policyctl_spark.py")
SEED = 15
BAD_LINE = '{"account_id": "BROKEN-1", "bills": [{"amount": '
# A lone carriage return is JSON white space inside a line, not a line break.
CR_LINE = '{"account_id": "CR-1",\r"bureau": "xigu", "as_of": "2026-12-10T09:00:00+08:00"}'


def spark_env():
    env = dict(os.environ)
    # Local mode binds to loopback only.
    env["SPARK_LOCAL_IP"] = "127.0.0.1"
    env["PYSPARK_PYTHON"] = sys.executable
    return env


class SparkJobTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.package = os.environ["POLICYCTL_PACKAGE"]
        cls.submit = os.environ["SPARK_SUBMIT"]
        cls.work = os.environ["SPARK_TEST_DIR"]
        cls.count = int(os.environ.get("SPARK_TEST_COUNT", "100000"))
        shutil.rmtree(cls.work, ignore_errors=True)
        os.makedirs(cls.work)
        generated = subprocess.run(
            [sys.executable, os.path.join(ROOT, "benchmarks", "generate.py"), "--count", str(cls.count), "--seed", str(SEED)],
            check=True, stdout=subprocess.PIPE).stdout.decode("utf-8").splitlines()
        lines = []
        for i, line in enumerate(generated):
            if i % 7919 == 1:
                lines.append("")
            if i == len(generated) // 2:
                lines.append(BAD_LINE)
            if i == len(generated) // 3:
                lines.append(CR_LINE)
            # Some lines end in "\r\n".
            lines.append(line + "\r" if i % 1000 == 7 else line)
        cls.input = os.path.join(cls.work, "snapshots.ndjson")
        with open(cls.input, "wb") as f:
            f.write(b"\xef\xbb\xbf" + "".join(line + "\n" for line in lines).encode("utf-8"))
        cls.snapshot_lines = sum(1 for line in lines if line)
        cls.bad_line = lines.index(BAD_LINE) + 1
        with tarfile.open(cls.package) as tar:
            tar.extractall(os.path.join(cls.work, "unpacked"), filter="data")
        top = os.listdir(os.path.join(cls.work, "unpacked"))[0]
        cls.unpacked = os.path.join(cls.work, "unpacked", top)
        start = time.monotonic()
        direct = subprocess.run(
            [os.path.join(cls.unpacked, "bin", "policyctl"), "eval", "--policy", os.path.join(cls.unpacked, "policies"), cls.input],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={})
        cls.direct_seconds = time.monotonic() - start
        assert direct.returncode == 1, direct.stderr.decode()
        cls.direct = direct.stdout

    def submit_job(self, *arguments):
        start = time.monotonic()
        result = subprocess.run(
            [self.submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false", JOB, "--package", self.package]
            + list(arguments),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=spark_env())
        return result, time.monotonic() - start

    def test_decisions_are_the_direct_evals_byte_for_byte_and_parquet_holds_them(self):
        out = os.path.join(self.work, "decisions")
        parquet = os.path.join(self.work, "parquet")
        result, seconds = self.submit_job("--partitions", "4", "--parquet", parquet, self.input, out)
        stdout = result.stdout.decode()
        self.assertEqual(result.returncode, 1, "one broken line: exit 1\n" + stdout[-3000:])
        parts = sorted(p for p in os.listdir(out) if p.startswith("part-"))
        self.assertEqual(len(parts), 4, parts)
        joined = b""
        for part in parts:
            with open(os.path.join(out, part), "rb") as f:
                joined += f.read()
        self.assertEqual(len(joined.splitlines()), self.snapshot_lines, "lines in = lines out")
        self.assertTrue(joined == self.direct, "the decisions differ from a direct eval of the same file")
        self.assertIn("evaluated %d, errors 1" % (self.snapshot_lines - 1), stdout)
        self.assertIn("error lines: invalid_snapshot 1", stdout)
        self.assertIn("first_reminder", stdout)
        print("\n" + stdout.strip())
        print("spark local[2], 4 partitions: %.1f s in all (JVM start included); direct eval %.1f s"
              % (seconds, self.direct_seconds))

        import pyarrow.parquet
        table = pyarrow.parquet.read_table(parquet).sort_by("line")
        self.assertEqual(table.column_names, ["line", "account_id", "bureau", "actions", "error_code", "decision"])
        self.assertEqual(table.num_rows, self.snapshot_lines)
        direct_lines = self.direct.decode("utf-8").splitlines()
        self.assertEqual(table.column("decision").to_pylist(), direct_lines)
        broken = [row for row in table.to_pylist() if row["error_code"] is not None]
        self.assertEqual(len(broken), 1)
        self.assertEqual(broken[0]["line"], self.bad_line, "the broken line keeps its line in the file")
        first = json.loads(direct_lines[0])
        self.assertEqual(table.column("bureau")[0].as_py(), first["policy"]["id"])
        self.assertEqual(table.column("actions")[0].as_py(), [a["action"] for a in first["actions"]])

    def test_a_broken_policy_fails_the_job_naming_the_partition_and_the_mistake(self):
        policies = os.path.join(self.work, "broken-policies")
        shutil.copytree(os.path.join(self.unpacked, "policies"), policies)
        with open(os.path.join(policies, "yongdeng.yaml"), "a", encoding="utf-8") as f:
            f.write("bogus_key: 1\n")
        result, _ = self.submit_job("--partitions", "2", "--policies", policies, self.input, os.path.join(self.work, "broken-out"))
        # spark-submit sends the driver's stderr to its stdout.
        stdout = result.stdout.decode()
        self.assertEqual(result.returncode, 2, stdout[-3000:])
        self.assertRegex(stdout, r"(?m)^policyctl_spark: the job failed: policyctl failed on partition [01]: exit 2 \(0 or 1 expected\)\n"
                                 r"--- policyctl stderr ---\n\S*/broken-policies/yongdeng.yaml:26:1: error: unknown key `bogus_key` in a policy\n")
        self.assertIn("policyctl: invalid policy; nothing was evaluated", stdout)
        self.assertTrue(stdout.rstrip().endswith("--- end of policyctl stderr ---"), stdout[-500:])
        self.assertFalse(os.path.exists(os.path.join(self.work, "broken-out", "_SUCCESS")))


if __name__ == "__main__":
    unittest.main()

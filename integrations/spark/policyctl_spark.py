"""`policyctl eval` as an Apache Spark stage: NDJSON snapshots in, one decision line each out.

    spark-submit [--master …] integrations/spark/policyctl_spark.py \\
        --package policyctl-0.1.0-linux-x86_64.tar.gz INPUT OUTPUT [--parquet DIR] …

INPUT is any path Spark's `textFile` reads (a file, a directory, a glob; local, HDFS, S3).
The packed binary (scripts/package.sh) goes to every executor with `addArchive`; each
partition is piped through `bin/policyctl eval --line-offset N`, where N is the number of
input lines before the partition, so every decision's `line` is its line in the input as a
direct `policyctl eval INPUT` numbers it. OUTPUT gets the decisions as NDJSON text files
(`part-00000`, … in input order: joined, they are the direct eval's output, byte for byte).

A partition fails the job when `policyctl` exits with another code than 0 or 1 (an invalid
policy, an I/O failure) or gives back another number of lines than it was given snapshot
lines; the message names the partition and carries the tool's stderr. Error lines (exit 1)
are written like decisions and counted. Exit: 0 all evaluated, 1 some snapshots had errors
(output complete), 2 the job failed (no complete output). See docs/scale-out.md.
"""
import argparse
import glob
import itertools
import os
import sys
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType
from pyspark.accumulators import AccumulatorParam

# The partition runner is shipped beside this file (addPyFile) so that executors import it.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import policyctl_partition  # noqa: E402

PARQUET_SCHEMA = StructType([
    StructField("line", LongType(), False),
    StructField("account_id", StringType(), True),
    StructField("bureau", StringType(), True),
    StructField("actions", ArrayType(StringType(), False), False),
    StructField("error_code", StringType(), True),
    StructField("decision", StringType(), False),
])


class TallyParam(AccumulatorParam):
    """Spark's way of adding up the partitions' tallies on the driver."""

    def zero(self, value):
        return policyctl_partition.Tally()

    def addInPlace(self, a, b):
        return a.merge(b)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="policyctl_spark.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="NDJSON snapshots: a path or URI Spark's textFile reads")
    parser.add_argument("output", help="a directory (must not exist) for the decisions as NDJSON")
    parser.add_argument("--package", required=True,
                        help="the tarball from scripts/package.sh (a local path or a URI), shipped to every executor")
    parser.add_argument("--policies",
                        help="a local directory of policies to ship and use instead of the package's policies/")
    parser.add_argument("--parquet", metavar="DIR",
                        help="also write the decisions as Parquet: line, account_id, bureau, actions, error_code, decision")
    parser.add_argument("--partitions", type=int, default=None,
                        help="the least number of input partitions (Spark's textFile minPartitions)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="policyctl worker threads per partition (default: spark.task.cpus)")
    parser.add_argument("--as-of", help="passed to policyctl eval: the evaluation instant (RFC 3339)")
    parser.add_argument("--any-bureau", action="store_true", help="passed to policyctl eval")
    return parser.parse_args(argv)


def executor_paths(package_name, policies_name):
    """Where the shipped binary and policies are on this executor."""
    root = SparkFiles.get(package_name)
    found = sorted(glob.glob(os.path.join(root, "*", "bin", "policyctl")))
    if not found:
        raise RuntimeError("the shipped package %s has no */bin/policyctl under %s" % (package_name, root))
    binary = found[0]
    if policies_name is None:
        policies = os.path.join(os.path.dirname(os.path.dirname(binary)), "policies")
    else:
        policies = SparkFiles.get(policies_name)
    return binary, policies


def failure_message(error):
    """The partition failure in a failed job's (Java) error text, or None."""
    text = str(error)
    start = text.find(policyctl_partition.PartitionFailure.MARKER)
    if start < 0:
        return None
    end = text.find(policyctl_partition.PartitionFailure.END, start)
    return text[start:end + len(policyctl_partition.PartitionFailure.END) if end >= 0 else len(text)].rstrip()


def print_summary(tally, partitions, seconds):
    print("policyctl_spark: %d partitions, %d decisions and error lines: evaluated %d, errors %d"
          % (partitions, tally.lines, tally.evaluated, tally.errors))
    if tally.error_codes:
        print("error lines: " + ", ".join("%s %d" % kv for kv in sorted(tally.error_codes.items())))
    print("actions: " + (", ".join("%s %d" % kv for kv in sorted(tally.actions.items())) or "none"))
    print("time: counting lines %.1f s, evaluating and writing %.1f s" % seconds)


def main(argv):
    args = parse_arguments(argv)
    # Lines end at "\n" only, as `eval` reads them: Hadoop's default also ends one at a lone
    # "\r". A "\r" before the "\n" stays on the line, and `eval` drops it.
    spark = (SparkSession.builder.appName("policyctl eval")
             .config("spark.log.level", "WARN")
             .config("spark.hadoop.textinputformat.record.delimiter", "\n")
             .getOrCreate())
    sc = spark.sparkContext
    sc.addPyFile(os.path.join(HERE, "policyctl_partition.py"))
    sc.addArchive(args.package)
    package_name = os.path.basename(args.package)
    policies_name = None
    if args.policies is not None:
        sc.addFile(os.path.abspath(args.policies), recursive=True)
        policies_name = os.path.basename(os.path.abspath(args.policies))
    jobs = args.jobs or int(sc.getConf().get("spark.task.cpus", "1"))
    options = ["--jobs", str(jobs)]
    if args.as_of:
        options += ["--as-of", args.as_of]
    if args.any_bureau:
        options.append("--any-bureau")

    lines = sc.textFile(args.input, args.partitions) if args.partitions else sc.textFile(args.input)
    started = time.monotonic()
    # Pass 1: the lines of each partition (blank ones too: they count in line numbers).
    counts = lines.mapPartitions(lambda it: [sum(1 for _ in it)]).collect()
    offsets = [0] + list(itertools.accumulate(counts))[:-1]
    counted = time.monotonic()

    tally = sc.accumulator(policyctl_partition.Tally(), TallyParam())

    def evaluate(index, partition):
        binary, policies = executor_paths(package_name, policies_name)
        command = [binary, "eval", "--policy", policies] + options
        if index == 0:
            partition = policyctl_partition.without_byte_order_mark(partition)
        local = policyctl_partition.Tally()
        yield from policyctl_partition.evaluate_partition(
            index, partition, command, offsets[index], on_line=lambda _, parsed: local.add_line(parsed))
        tally.add(local)

    decisions = lines.mapPartitionsWithIndex(evaluate)
    if args.parquet:
        decisions = decisions.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        decisions.saveAsTextFile(args.output)
        if args.parquet:
            rows = decisions.map(policyctl_partition.parquet_row)
            spark.createDataFrame(rows, PARQUET_SCHEMA).write.parquet(args.parquet)
    except Exception as error:  # Spark raises the task's failure wrapped in a Java exception
        message = failure_message(error)
        if message is None:
            raise
        # spark-submit joins the driver's stderr into its stdout (PythonRunner), so this lands
        # there either way; the summary does too.
        print("policyctl_spark: the job failed: " + message, file=sys.stderr, flush=True)
        spark.stop()
        return 2
    finished = time.monotonic()
    print_summary(tally.value, len(counts), (counted - started, finished - counted))
    spark.stop()
    return 1 if tally.value.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

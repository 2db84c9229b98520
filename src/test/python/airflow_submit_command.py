"""The spark-submit command an Airflow task of submit/airflow/layerbraid_dag.py runs, for AirflowDagTest.

Airflow is not installed where the tests run, so the command is laid out here from the operator's
arguments, which layerbraid_jobs.operator_arguments gives the DAG, in the order Airflow's
SparkSubmitHook._build_spark_submit_command uses for the arguments the DAG sets, with the
connection resolved to its master and deploy mode:

    spark-submit --master M [--conf K=V ...] --name N --class C [--deploy-mode D] APPLICATION ARGS...

The hook hands env_vars to the spark-submit process in client mode; the command is printed after
them as NAME=VALUE words, the way `submit/layerbraid --dry-run` prints its environment. On YARN and
Kubernetes the hook turns env_vars into --conf entries, and it refuses them in standalone cluster
mode: those cases are refused here rather than guessed.

    python3 airflow_submit_command.py args JOB PROJECT RUN_DIR
    python3 airflow_submit_command.py command JOB PROJECT RUN_DIR MASTER [DEPLOY_MODE]
    python3 airflow_submit_command.py split < LINE

args prints the job's application arguments, command the task's environment and command, split
a shell command line (from stdin) split into words as a shell would; one word a line.
"""

import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "submit" / "airflow"))
import layerbraid_jobs  # noqa: E402


def command(job, project, run_dir, master, deploy_mode=None):
    if "yarn" in master or "k8s" in master or deploy_mode == "cluster":
        raise SystemExit(f"master {master} with deploy mode {deploy_mode}: not laid out here (client mode only)")
    op = layerbraid_jobs.operator_arguments(job, project, run_dir)
    words = [f"{key}={value}" for key, value in op["env_vars"].items()]
    words += ["spark-submit", "--master", master]
    for key, value in op["conf"].items():
        words += ["--conf", f"{key}={value}"]
    words += ["--name", op["name"], "--class", op["java_class"]]
    if deploy_mode:
        words += ["--deploy-mode", deploy_mode]
    return words + [op["application"]] + op["application_args"]


def main(argv):
    mode, rest = argv[0], argv[1:]
    if mode == "args":
        job, project, run_dir = rest
        words = layerbraid_jobs.operator_arguments(job, project, run_dir)["application_args"]
    elif mode == "command":
        words = command(*rest)
    elif mode == "split":
        words = shlex.split(sys.stdin.read())
    else:
        raise SystemExit(f"unknown mode {mode} (args, command or split)")
    for word in words:
        print(word)


if __name__ == "__main__":
    main(sys.argv[1:])

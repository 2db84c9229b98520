"""layerbraid on Airflow: train the Peaks network, then run the nested-iteration study, daily.

Each task is one spark-submit, with the arguments submit/layerbraid gives the same command: the
shared ones from submit/spark-submit.defaults, the job's own from layerbraid_jobs.py beside this
file. Link this file (do not copy it) into the DAGs folder; the link is followed to find the
checkout those two files are read from when the DAG is parsed.

Airflow Variables, all optional, read when a task runs:
  layerbraid_project_dir    the checkout on the workers (configs, log4j2.properties); default: the
                            checkout this file is in
  layerbraid_jar            application jar; default: the one spark-submit.defaults names, in
                            layerbraid_project_dir (build it with `mvn -DskipTests package`)
  layerbraid_output_base    runs write to <output_base>/<ds>/train and .../study-nested; default:
                            <layerbraid_project_dir>/out/airflow
  layerbraid_spark_conn_id  the Spark connection (its host is the master); default: spark_default
The connection's deploy mode must be client (or none) for local and spark:// masters: the hook
passes the job's environment to spark-submit's own process there and refuses it in standalone
cluster mode.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:
    from airflow.sdk import DAG  # Airflow 3
except ImportError:
    from airflow import DAG  # Airflow 2

CHECKOUT = Path(__file__).resolve().parents[2]
if not (CHECKOUT / "submit" / "spark-submit.defaults").is_file():
    raise RuntimeError(f"{__file__} is not a link to submit/airflow/layerbraid_dag.py in a layerbraid checkout: "
                       f"{CHECKOUT / 'submit' / 'spark-submit.defaults'} does not exist")
sys.path.insert(0, str(CHECKOUT / "submit" / "airflow"))
import layerbraid_jobs  # noqa: E402  (found through the checkout, not the DAGs folder)

DEFAULTS = layerbraid_jobs.read_defaults()
# Jinja expression of the project directory; the Variable is read when a task runs, not at parse time.
PROJECT_EXPR = f"var.value.get('layerbraid_project_dir', {str(CHECKOUT)!r})"


def expression(text: str) -> str:
    """text, with {project} standing for the project directory, as one Jinja expression."""
    parts = []
    for i, piece in enumerate(text.split(layerbraid_jobs.PROJECT)):
        if i > 0:
            parts.append(PROJECT_EXPR)
        if piece:
            parts.append(repr(piece))
    return " ~ ".join(parts) or "''"


def variable(name: str, default_expression: str) -> str:
    """Template of an Airflow Variable with a default given as a Jinja expression."""
    return f"{{{{ var.value.get({name!r}, {default_expression}) }}}}"


PROJECT = "{{ " + PROJECT_EXPR + " }}"
JAR = variable("layerbraid_jar", expression(DEFAULTS.application))
RUN_DIR = variable("layerbraid_output_base", expression(layerbraid_jobs.PROJECT + "/out/airflow")) + "/{{ ds }}"
CONN_ID = variable("layerbraid_spark_conn_id", "'spark_default'")


class LayerbraidSubmit(SparkSubmitOperator):
    """SparkSubmitOperator whose connection id is a template too.

    The operator makes its hook from _conn_id in execute(), after rendering, so a Variable can
    choose the Spark connection at run time without being read every time the DAG is parsed.
    """

    template_fields = (*SparkSubmitOperator.template_fields, "_conn_id")


with DAG(
    dag_id="layerbraid",
    description="layerbraid: Peaks training and the nested-iteration study on Spark",
    schedule="@daily",
    start_date=datetime(2025, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    # Both jobs fill the cluster's cores; overlapping runs would only slow each other down.
    max_active_runs=1,
    tags=["layerbraid", "spark"],
    doc_md=__doc__,
) as dag:
    tasks = {
        job: LayerbraidSubmit(
            task_id=job,
            conn_id=CONN_ID,
            **layerbraid_jobs.operator_arguments(job, PROJECT, RUN_DIR, application=JAR, defaults=DEFAULTS),
        )
        for job in layerbraid_jobs.JOBS
    }
    # One after the other, for the same reason as max_active_runs.
    tasks["train"] >> tasks["study_nested"]

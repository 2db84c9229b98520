"""layerbraid on Airflow: train the Peaks network daily; run the nested-iteration study by hand.

Two DAGs, each one spark-submit with the arguments submit/layerbraid gives the same command: the
shared ones from submit/spark-submit.defaults, the job's own from layerbraid_jobs.py.

  layerbraid_train   daily, without catch-up: train --config conf/peaks.conf
  layerbraid_study   no schedule (trigger it): study nested --config conf/peaks-study.conf

Install: link this file into the DAGs folder, or copy it alone (git-sync, managed Airflow) and say
where the layerbraid checkout is with the environment variable LAYERBRAID_PROJECT_DIR on the
scheduler and workers; this file reads layerbraid_jobs.py and spark-submit.defaults from there.
The Spark connection is LAYERBRAID_SPARK_CONN_ID (default spark_default); its host is the master.
Its deploy mode must be client (or none) for local and spark:// masters: the hook passes the
job's environment to spark-submit's own process there and refuses it in standalone cluster mode.

Airflow Variables, all optional, read when a task runs:
  layerbraid_project_dir    the checkout on the workers (configs, log4j2.properties); default:
                            LAYERBRAID_PROJECT_DIR, else the checkout this file is linked from
  layerbraid_jar            application jar; default: the one spark-submit.defaults names, in
                            layerbraid_project_dir (build it with `mvn -DskipTests package`)
  layerbraid_output_base    runs write to <output_base>/<ds>/train and .../study-nested; default:
                            <layerbraid_project_dir>/out/airflow

Params (Trigger DAG w/ config, or dag_run.conf): config, the config file relative to the
project directory; overrides, a list of key=value settings, e.g. ["train.epochs=300"].
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:
    from airflow.sdk import DAG  # Airflow 3
except ImportError:
    from airflow import DAG  # Airflow 2


def _project_dir() -> Path:
    """The checkout whose layerbraid_jobs.py and spark-submit.defaults this file reads."""
    given = os.environ.get("LAYERBRAID_PROJECT_DIR")
    # A link from the DAGs folder resolves to <checkout>/submit/airflow/layerbraid_dag.py.
    linked = Path(__file__).resolve().parent.parent.parent
    for candidate in ([Path(given)] if given else []) + [linked]:
        if (candidate / "submit" / "spark-submit.defaults").is_file():
            return candidate
    raise ImportError(
        f"layerbraid: set LAYERBRAID_PROJECT_DIR to the layerbraid checkout on this machine: no"
        f" submit/spark-submit.defaults in {given or 'LAYERBRAID_PROJECT_DIR (unset)'}, nor in {linked},"
        f" the checkout {__file__} would be in if it were linked from one")


CHECKOUT = _project_dir()
sys.path.insert(0, str(CHECKOUT / "submit" / "airflow"))
import layerbraid_jobs  # noqa: E402  (from the checkout, not the DAGs folder)

DEFAULTS = layerbraid_jobs.read_defaults(CHECKOUT / "submit" / "spark-submit.defaults")
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
CONN_ID = os.environ.get("LAYERBRAID_SPARK_CONN_ID", "spark_default")

DEFAULT_ARGS = {
    "owner": "layerbraid",
    # A lost executor or a preempted container is worth another try; a bad config fails every time.
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    # Peaks trains in about a minute and its study in about twenty; a hung run must not hold the slot.
    "execution_timeout": timedelta(hours=2),
}


class LayerbraidSubmit(SparkSubmitOperator):
    """SparkSubmitOperator that adds the run's overrides (params.overrides) and, on a retry, the
    arguments layerbraid_jobs.resume_arguments gives (train --resume)."""

    def execute(self, context):
        self.application_args = layerbraid_jobs.with_run_settings(
            self.application_args, context["params"].get("overrides") or [], context["ti"].try_number)
        return super().execute(context)


def _dag(dag_id: str, job: str, schedule, description: str, config: str):
    with DAG(
        dag_id=dag_id,
        description=description,
        schedule=schedule,
        start_date=datetime(2025, 1, 1, tzinfo=timezone.utc),
        catchup=False,
        # A run fills the cluster's cores; overlapping runs would only slow each other down.
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        params={"config": config, "overrides": []},
        tags=["layerbraid", "spark"],
        doc_md=__doc__,
    ) as dag:
        LayerbraidSubmit(
            task_id=job,
            conn_id=CONN_ID,
            **layerbraid_jobs.operator_arguments(job, PROJECT, RUN_DIR, application=JAR, defaults=DEFAULTS,
                                                 config="{{ params.config }}"),
        )
    return dag


train_dag = _dag("layerbraid_train", "train", "@daily", "layerbraid: train the Peaks network on Spark",
                 layerbraid_jobs.CONFIGS["train"])
study_dag = _dag("layerbraid_study", "study_nested", None,
                 "layerbraid: the nested-iteration study on Peaks (trigger by hand)", layerbraid_jobs.CONFIGS["study_nested"])

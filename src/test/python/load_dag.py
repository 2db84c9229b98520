"""Loads a DAG file the way Airflow's DagBag does, against the stubs in airflow_stubs/, and prints
what AirflowDagTest checks, one fact a line.

    python3 load_dag.py DAG_FILE

DagBag imports the file as a module of its own name and takes every DAG in its namespace; so
does this. A task is then executed as on a second try with overrides from dag_run.conf.
"""

import importlib.util
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "airflow_stubs"))
import airflow  # noqa: E402  (the stubs)


def main(path):
    spec = importlib.util.spec_from_file_location("unusual_prefix_layerbraid_dag", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as e:
        print(f"import error: {e}")
        return
    dags = [v for v in vars(module).values() if isinstance(v, airflow.DAG)]
    for dag in sorted(dags, key=lambda d: d.dag_id):
        a = dag.default_args
        print(f"dag {dag.dag_id} schedule={dag.schedule} catchup={dag.catchup} max_active_runs={dag.max_active_runs}")
        print(f"dag {dag.dag_id} retries={a.get('retries')} retry_delay={a.get('retry_delay')}"
              f" execution_timeout={a.get('execution_timeout')}")
        print(f"dag {dag.dag_id} params={sorted(dag.params.items())}")
        for t in dag.tasks:
            templated = "_conn_id" in type(t).template_fields
            print(f"task {dag.dag_id}.{t.task_id} conn_id={t._conn_id} retries={t.retries} conn_id_templated={templated}")
            print(f"task {dag.dag_id}.{t.task_id} args={t.application_args}")
            context = {"params": {**dag.params, "overrides": ["train.epochs=3"]}, "ti": type("TI", (), {"try_number": 2})()}
            before = len(t.application_args)
            print(f"task {dag.dag_id}.{t.task_id} retry with overrides={t.execute(context)[before:]}")


if __name__ == "__main__":
    main(sys.argv[1])

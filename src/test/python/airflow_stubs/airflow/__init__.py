"""The least of Airflow 2's API that submit/airflow/layerbraid_dag.py uses, for AirflowDagTest.

Airflow cannot be installed where the tests run. These stubs keep what loading a DAG file
depends on: a DAG is a context manager that operators created inside it join, with the
arguments Airflow's DAG takes; nothing is scheduled or run.
"""

_current = []


class DAG:
    def __init__(self, dag_id, description=None, schedule=None, start_date=None, catchup=True,
                 max_active_runs=16, default_args=None, params=None, tags=None, doc_md=None):
        self.dag_id = dag_id
        self.description = description
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.default_args = dict(default_args or {})
        self.params = dict(params or {})
        self.tags = tags
        self.doc_md = doc_md
        self.tasks = []

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False

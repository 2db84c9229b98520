"""SparkSubmitOperator as the apache-spark provider defines its arguments and template fields."""

import airflow


class SparkSubmitOperator:
    template_fields = ("application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                       "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
                       "env_vars", "properties_file")

    def __init__(self, *, task_id, application="", conf=None, conn_id="spark_default", java_class=None,
                 name="arrow-spark", application_args=None, env_vars=None, **kwargs):
        if not airflow._current:
            raise RuntimeError(f"task {task_id} created outside a DAG")
        self.dag = airflow._current[-1]
        # What Airflow's BaseOperator does with the DAG's default_args: they are the task's defaults.
        for key, value in {**self.dag.default_args, **kwargs}.items():
            setattr(self, key, value)
        self.task_id = task_id
        self.application = application
        self.conf = conf
        self.java_class = java_class
        self.name = name
        self.application_args = application_args
        self.env_vars = env_vars
        self._conn_id = conn_id
        self.dag.tasks.append(self)

    def execute(self, context):
        """The arguments the hook would submit (no spark-submit here)."""
        return list(self.application_args)

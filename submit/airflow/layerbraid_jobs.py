"""The layerbraid jobs the Airflow DAG runs, as SparkSubmitOperator arguments, without Airflow.

What every job shares (main class, application name and jar, Spark properties, environment) is
read from submit/spark-submit.defaults, the file the submit/ scripts read too; this module adds
each job's own command-line arguments. It imports nothing from Airflow, so the command a DAG task
submits can be checked where Airflow is not installed: AirflowDagTest compares it word by word
with `submit/layerbraid --dry-run` for the same job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List

# Beside this file's folder; found through the real path, so a DAGs folder may hold a link to it.
DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "spark-submit.defaults"
# How spark-submit.defaults writes the project directory.
PROJECT = "{project}"


@dataclass(frozen=True)
class SubmitDefaults:
    """The entries of spark-submit.defaults, {project} still unreplaced."""

    java_class: str
    name: str
    application: str
    conf: Dict[str, str]
    env: Dict[str, str]


def read_defaults(path: Path = DEFAULTS_FILE) -> SubmitDefaults:
    """Reads spark-submit.defaults as submit/lib.sh does; a bad line stops with its file and number."""
    single: Dict[str, str] = {}
    conf: Dict[str, str] = {}
    env: Dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        kind, _, value = line.partition(" ")
        if not value:
            raise ValueError(f"{path}:{n}: '{line}' has no value (expected: KIND VALUE)")
        if kind in ("class", "name", "application"):
            single[kind] = value
        elif kind in ("conf", "env"):
            key, eq, setting = value.partition("=")
            if not key or not eq or (kind == "env" and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key)):
                form = "KEY=VALUE" if kind == "conf" else "NAME=VALUE"
                raise ValueError(f"{path}:{n}: {kind} entry '{value}' is not {form}")
            (conf if kind == "conf" else env)[key] = setting
        else:
            raise ValueError(
                f"{path}:{n}: unknown entry '{kind}' (expected class, name, application, conf or env)")
    for kind in ("class", "name", "application"):
        if kind not in single:
            raise ValueError(f"{path}: no '{kind}' entry")
    return SubmitDefaults(single["class"], single["name"], single["application"], conf, env)


# Each job's application arguments, from the project directory (the configs are the checkout's),
# its config file relative to it, and the run's output folder (one per run, so dated runs do not
# overwrite each other).
def _train(project: str, run_dir: str, config: str) -> List[str]:
    return ["train", "--config", f"{project}/{config}", "--out", f"{run_dir}/train"]


def _study_nested(project: str, run_dir: str, config: str) -> List[str]:
    return ["study", "nested", "--config", f"{project}/{config}", "--out", f"{run_dir}/study-nested"]


JOBS: Dict[str, Callable[[str, str, str], List[str]]] = {"train": _train, "study_nested": _study_nested}
# Each job's config file, relative to the project directory.
CONFIGS: Dict[str, str] = {"train": "conf/peaks.conf", "study_nested": "conf/peaks-study.conf"}


def resume_arguments(args: List[str], try_number: int) -> List[str]:
    """What a retry adds to the command so that it continues the failed attempt's run.

    train's retries pass --resume: they continue from the checkpoint the failed attempt left in its
    --out, to the result it would have had (one killed before its first checkpoint starts from the
    beginning). Other jobs start again.
    """
    return ["--resume"] if try_number > 1 and args[:1] == ["train"] else []


def with_run_settings(args: List[str], overrides: List[str], try_number: int) -> List[str]:
    """A job's arguments with a run's key=value overrides (dag_run.conf) and, on a retry, the
    resume arguments; an override that is not key=value stops the task naming it."""
    for o in overrides:
        if not isinstance(o, str) or "=" not in o or o.startswith("="):
            raise ValueError(f"override {o!r} is not key=value (params.overrides is a list such as ['train.epochs=300'])")
    return [*args, *resume_arguments(args, try_number), *overrides]


def operator_arguments(job: str, project: str, run_dir: str, application: str | None = None,
                       defaults: SubmitDefaults | None = None, config: str | None = None) -> dict:
    """SparkSubmitOperator keyword arguments for a job.

    project replaces {project} and run_dir is the run's output folder: paths for a test, Jinja
    templates for the DAG (Airflow renders these fields when the task runs). application is the
    jar, by default the one spark-submit.defaults names; config the job's config file relative to
    project, by default CONFIGS[job].
    """
    if job not in JOBS:
        raise ValueError(f"unknown job '{job}' (known: {', '.join(JOBS)})")
    d = defaults or read_defaults()

    def resolve(text: str) -> str:
        return text.replace(PROJECT, project)

    return {
        "java_class": d.java_class,
        "name": d.name,
        "application": application if application is not None else resolve(d.application),
        "conf": {key: resolve(value) for key, value in d.conf.items()},
        "env_vars": {key: resolve(value) for key, value in d.env.items()},
        "application_args": JOBS[job](project, run_dir, config or CONFIGS[job]),
    }

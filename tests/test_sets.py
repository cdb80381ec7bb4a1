"""Documents validated together: cwom Refs resolve across files, ids are unique, and --isolated opts out."""

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import Result

Cli = Callable[..., Result]
REPO, ISSUE, RUN = "01J8Z3K4W5X6Y7Z8A9BCDEFG00", "01J8Z3K4W5X6Y7Z8A9BCDEFG01", "01J8Z3K4W5X6Y7Z8A9BCDEFG02"
STAMPS = 'created_at: "2026-01-25T10:00:00Z"\nupdated_at: "2026-01-25T10:00:00Z"\n'


def write_chain(folder: Path, *, issue_repo: str = REPO, run_issue: str = ISSUE, run_id: str = RUN) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "repo.yaml").write_text(
        f'kind: "Repo"\nschema_version: "0.1.0"\nid: "{REPO}"\n{STAMPS}'
        'name: "Widgets"\nslug: "octo/widgets"\nsource: {system: "github"}\n'
    )
    (folder / "issue.yaml").write_text(
        f'kind: "Issue"\nschema_version: "0.1.0"\nid: "{ISSUE}"\n{STAMPS}'
        f'repo: {{kind: "Repo", id: "{issue_repo}"}}\ntitle: "Do it"\ntype: "feature"\n'
        f'meta: {{shadow: {{kind: "Run", id: "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"}}}}\n'  # Ref-shaped, but free-form
    )
    (folder / "run.yaml").write_text(
        f'kind: "Run"\nschema_version: "0.1.0"\nid: "{run_id}"\n{STAMPS}'
        f'for_issue: {{kind: "Issue", id: "{run_issue}"}}\nrepo: {{kind: "Repo", id: "{REPO}"}}\n'
        'mode: "agent"\nexecutor: {actor: {actor_kind: "agent", actor_id: "bot"}, runtime: "ci"}\n'
    )


def findings(result: Result) -> list[dict[str, object]]:
    return [f for file in json.loads(result.out)["files"] for f in file["findings"]]


def test_a_consistent_set_validates_and_free_form_meta_is_not_a_ref(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain")
    result = cli("validate", "chain", cwd=tmp_path)
    assert result.code == 0, result.out


def test_an_unresolved_ref_names_both_ends(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain", run_issue="01J8Z3K4W5X6Y7Z8A9BCDEFG09")
    result = cli("validate", "--format", "json", "chain", cwd=tmp_path)
    assert result.code == 1
    [finding] = findings(result)
    assert finding["rule"] == "cwom/ref-unresolved"
    assert finding["file"] == "chain/run.yaml"
    assert finding["pointer"] == "/for_issue"
    assert finding["line"] == 6
    assert "chain/issue.yaml:3" in str(finding["message"]), "the message names the other end"


def test_a_ref_to_an_id_of_another_kind_says_what_it_is(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain", issue_repo=RUN)
    found = findings(cli("validate", "--format", "json", "chain", cwd=tmp_path))
    [finding] = found  # the Run's repo differs from the dangling one, but that is not reported twice
    assert finding["rule"] == "cwom/ref-unresolved"
    assert "it is the id of the Run in chain/run.yaml:3" in str(finding["message"])


def test_duplicate_ids_are_errors_and_refs_to_them_ambiguous(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain")
    second = (tmp_path / "chain" / "issue.yaml").read_text().replace('title: "Do it"', 'title: "Again"')
    (tmp_path / "chain" / "issue2.yaml").write_text(second)
    rules = sorted(
        (f["file"], f["rule"]) for f in findings(cli("validate", "--format", "json", "chain", cwd=tmp_path))
    )
    assert rules == [("chain/issue2.yaml", "cwom/unique-id"), ("chain/run.yaml", "cwom/ref-ambiguous")]


def test_isolated_and_single_files_skip_cross_document_rules(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain", run_issue="01J8Z3K4W5X6Y7Z8A9BCDEFG09")
    assert cli("validate", "--isolated", "chain", cwd=tmp_path).code == 0
    assert cli("validate", "chain/run.yaml", cwd=tmp_path).code == 0


def test_invalid_documents_do_not_cascade_into_ref_errors(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain")
    issue = tmp_path / "chain" / "issue.yaml"
    issue.write_text(issue.read_text().replace('type: "feature"', 'type: "epic"'))
    result = findings(cli("validate", "--format", "json", "chain", cwd=tmp_path))
    assert [(f["file"], f["rule"]) for f in result] == [("chain/issue.yaml", "enum")]


def test_warnings_do_not_fail_a_run_unless_strict(tmp_path: Path, cli: Cli) -> None:
    write_chain(tmp_path / "chain")
    run = tmp_path / "chain" / "run.yaml"
    run.write_text(run.read_text().replace(STAMPS, ""))
    relaxed = cli("validate", "--format", "json", "chain", cwd=tmp_path)
    assert relaxed.code == 0
    assert {f["rule"] for f in findings(relaxed)} == {"cwom/timestamps-present"}
    assert cli("validate", "--strict", "chain", cwd=tmp_path).code == 1

package dev.modelkit.kitfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kit's Kitfile rules, one fixture each (after kit's testdata/validation), plus several at once. */
class KitfileValidatorTest {

    private static List<String> problems(String yaml) throws KitfileException {
        return KitfileValidator.validate(new KitfileReader().read(yaml, "Kitfile", false));
    }

    @Test
    void goldenStyleKitfileIsValid() throws Exception {
        assertThat(problems("""
                manifestVersion: 1.0.0
                model: {path: ./model, parts: [{path: ./model/part1}, {path: model/part2/, type: tokenizer}]}
                code: [{path: .}]
                datasets: [{path: data/../x}]
                docs: [{path: README.md}]
                prompts: [{path: ./code/SKILL.md}]
                """)).isEmpty();
    }

    @Test
    void duplicatePaths() throws Exception {
        assertThat(problems("model: {path: ./model, parts: [{path: model/}]}")).containsExactly(
                "model (path ./model) and model.parts[0] (path model/) use the same path model");
        assertThat(problems("model: {parts: [{name: a}]}\ncode: [{path: .}]")).containsExactly(
                "model (path ), model.parts[0] (path ) and code layer 0 (path .) use the same path .");
        assertThat(problems("code: [{path: x}]\ndatasets: [{path: ./x/}]")).containsExactly(
                "code layer 0 (path x) and dataset layer 0 (path ./x/) use the same path x");
        assertThat(problems("docs: [{path: a}, {path: b/../a}]")).containsExactly(
                "docs layer 0 (path a) and docs layer 1 (path b/../a) use the same path a");
        assertThat(problems("model: {path: m, parts: [{path: p}]}\ndatasets: [{path: p}]")).containsExactly(
                "model.parts[0] (path p) and dataset layer 0 (path p) use the same path p");
    }

    @Test
    void promptsInsideCodeAreNoDuplicates() throws Exception {
        assertThat(problems("code: [{path: code}]\nprompts: [{path: code}]")).isEmpty();
    }

    @Test
    void absolutePaths() throws Exception {
        assertThat(problems("model: {path: /models/m}\nprompts: [{path: /p.md}]")).containsExactly(
                "absolute paths are not supported in a Kitfile (path /models/m in model)",
                "absolute paths are not supported in a Kitfile (path /p.md in prompt layer 0)");
    }

    @Test
    void pathsOutsideTheContext() throws Exception {
        assertThat(problems("datasets: [{path: data/../../outside}]\nprompts: [{path: ../p}]")).containsExactly(
                "paths outside the context directory are not supported in a Kitfile (path ../outside in dataset"
                        + " layer 0)",
                "paths outside the context directory are not supported in a Kitfile (path ../p in prompt layer 0)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "model: {path: 'http://x.org/m'} | HTTP URLs are not supported in paths (http://x.org/m in model)",
            "model: {parts: [{path: 'https://x.org/p'}]} | HTTP URLs are not supported in paths (https://x.org/p in model.parts[0])",
            "code: [{path: 'http://x.org/c'}] | HTTP URLs are not supported in paths (http://x.org/c in code layer 0)",
            "datasets: [{path: 'https://x.org/d'}] | HTTP URLs are not supported in paths (https://x.org/d in dataset layer 0)",
            "docs: [{path: 'http://x.org/d'}] | HTTP URLs are not supported in paths (http://x.org/d in docs layer 0)",
            "prompts: [{path: 'http://x.org/p'}] | HTTP URLs are not supported in paths (http://x.org/p in prompt layer 0)",
            "model: {path: 's3://b/m'} | S3 URLs are only supported as a dataset's remotePath (s3://b/m in model)",
            "code: [{path: 's3://b/c'}] | S3 URLs are only supported as a dataset's remotePath (s3://b/c in code layer 0)",
            "datasets: [{path: 's3://b/d'}] | S3 URLs are only supported as a dataset's remotePath (s3://b/d in dataset layer 0)",
            "docs: [{path: 'ftp://h/d'}] | unrecognized URL in path (ftp://h/d in docs layer 0)",
            "code: [{path: 'repo:tag'}] | ModelKit references are only supported as model.path or as a dataset's remotePath (repo:tag in code layer 0)",
            "model: {parts: [{path: 'reg.io/org/repo:v1'}]} | ModelKit references are only supported as model.path or as a dataset's remotePath (reg.io/org/repo:v1 in model.parts[0])",
            "datasets: [{path: 'repo:tag'}] | ModelKit references are only supported as model.path or as a dataset's remotePath (repo:tag in dataset layer 0)",
            "docs: [{path: 'repo:tag'}] | ModelKit references are only supported as model.path or as a dataset's remotePath (repo:tag in docs layer 0)",
            "prompts: [{path: 'repo:tag'}] | ModelKit references are only supported as model.path or as a dataset's remotePath (repo:tag in prompt layer 0)",
    })
    void urlsAndReferences(String yaml, String expected) throws Exception {
        assertThat(problems(yaml)).containsExactly(expected);
    }

    @Test
    void modelKitReferenceIsAllowedAsModelPath() throws Exception {
        assertThat(problems("model: {path: 'test-ref:model-1', parts: [{path: extra}]}")).isEmpty();
        assertThat(problems("model: {path: 'reg.io:5000/org/repo@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}")).isEmpty();
        Kitfile k = new KitfileReader().read("model: {path: 'a:b', parts: [{path: p}]}", "Kitfile", true);
        assertThat(k.layerElements()).extracting(LayerElement::label).containsExactly("model.parts[0]");
    }

    @Test
    void remoteDatasets() throws Exception {
        assertThat(problems("""
                datasets:
                  - {path: data/s3, remotePath: 's3://bucket/train', remoteHash: abc}
                  - {path: data/ref, remotePath: 'docker.io/kit-org/kit-repo:latest'}
                  - {path: data/eval}
                """)).isEmpty();
        assertThat(problems("""
                datasets:
                  - {path: a, remotePath: 's3://bucket/train'}
                  - {path: b, remotePath: 'https://x.org/d'}
                  - {path: c, remotePath: 'some/dir'}
                  - {path: d, remoteHash: abc}
                """)).containsExactly(
                "remoteHash is required when remote dataset paths are used (s3://bucket/train in dataset layer 0)",
                "HTTP URLs are not supported in paths (remotePath https://x.org/d in dataset layer 1)",
                "only S3 URLs and ModelKit references are supported for remote dataset paths (remotePath some/dir in"
                        + " dataset layer 2)",
                "remoteHash is only applicable when remotePath is set (dataset layer 3)");
    }

    @Test
    void nothingMayLiveInsideARemoteDataset() throws Exception {
        assertThat(problems("""
                datasets:
                  - {path: data/train, remotePath: 'docker.io/kit-org/kit-repo:latest'}
                  - {path: data/train/extra}
                  - {path: data/train-eval}
                code: [{path: data/train/code}]
                """)).containsExactlyInAnyOrder(
                "dataset layer 1 uses a path (data/train/extra) that is within the path for a remote dataset"
                        + " (dataset layer 0 (path data/train))",
                "code layer 0 uses a path (data/train/code) that is within the path for a remote dataset"
                        + " (dataset layer 0 (path data/train))");
    }

    @Test
    void partTypes() throws Exception {
        String longType = "a".repeat(65);
        assertThat(problems("model: {parts: [{path: a, type: 'bad type'}, {path: b, type: " + longType
                + "}, {path: c, type: " + "a".repeat(64) + "}, {path: d, type: .x}]}")).containsExactly(
                "model.parts[0] (path a) has invalid type 'bad type' (must be alphanumeric with dots, dashes, and"
                        + " underscores)",
                "model.parts[1] (path b) type is too long (must be at most 64 characters)",
                "model.parts[3] (path d) has invalid type '.x' (must be alphanumeric with dots, dashes, and"
                        + " underscores)");
    }

    @Test
    void allProblemsComeOutAtOnceWithLines() {
        String yaml = """
                manifestVersion: 1.0.0
                model:
                  path: /abs
                  parts:
                    - path: x
                      type: "no spaces"
                code:
                  - path: x
                datasets:
                  - path: ../up
                docs:
                  - path: 'http://x.org'
                """;
        KitfileException e = org.junit.jupiter.api.Assertions.assertThrows(KitfileException.class,
                () -> new KitfileReader().read(yaml, "Kitfile", true));
        assertThat(e.getProblems()).containsExactly(
                new KitfileProblem(3, "absolute paths are not supported in a Kitfile (path /abs in model)"),
                new KitfileProblem(5, "model.parts[0] (path x) has invalid type 'no spaces' (must be alphanumeric"
                        + " with dots, dashes, and underscores)"),
                new KitfileProblem(8, "model.parts[0] (path x) and code layer 0 (path x) use the same path x"),
                new KitfileProblem(10, "paths outside the context directory are not supported in a Kitfile (path"
                        + " ../up in dataset layer 0)"),
                new KitfileProblem(12, "HTTP URLs are not supported in paths (http://x.org in docs layer 0)"));
        assertThat(e.getMessage()).startsWith("Invalid Kitfile Kitfile:\n  * Kitfile:3: absolute paths");
    }
}

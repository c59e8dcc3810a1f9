package dev.modelkit.kitfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Layer order, LayerInfo placement and package defaults. */
class KitfileLayersTest {

    private static final String YAML = """
            manifestVersion: 1.0.0
            model: {path: ./m, parts: [{path: p0}, {path: p1/}]}
            prompts: [{path: AGENTS.md}]
            docs: [{path: ''}]
            datasets: [{path: d0}, {path: d1, remotePath: 'repo:tag'}, {path: d2}]
            code: [{path: c0}]
            """;

    @Test
    void layersFollowKitsManifestOrder() throws Exception {
        Kitfile k = new KitfileReader().read(YAML, "Kitfile", false);
        assertThat(k.layerElements()).containsExactly(
                new LayerElement(LayerKind.MODEL, 0, "./m", "m", "model"),
                new LayerElement(LayerKind.MODEL_PART, 0, "p0", "p0", "model.parts[0]"),
                new LayerElement(LayerKind.MODEL_PART, 1, "p1/", "p1", "model.parts[1]"),
                new LayerElement(LayerKind.CODE, 0, "c0", "c0", "code layer 0"),
                new LayerElement(LayerKind.DATASET, 0, "d0", "d0", "dataset layer 0"),
                new LayerElement(LayerKind.DATASET, 2, "d2", "d2", "dataset layer 2"),
                new LayerElement(LayerKind.DOCS, 0, "", ".", "docs layer 0"),
                new LayerElement(LayerKind.PROMPT, 0, "AGENTS.md", "AGENTS.md", "prompt layer 0"));
        assertThat(LayerKind.PROMPT.mediaTypeWord()).isEqualTo("code");
        assertThat(LayerKind.MODEL_PART.mediaTypeWord()).isEqualTo("modelpart");
    }

    @Test
    void withLayerInfoFillsElementsInLayerOrder() throws Exception {
        Kitfile k = new KitfileReader().read(YAML, "Kitfile", false);
        List<LayerInfo> infos = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> new LayerInfo("sha256:" + i, "sha256:" + i)).toList();
        Kitfile filled = k.withLayerInfo(infos);
        assertThat(filled.model().layerInfo().digest()).isEqualTo("sha256:0");
        assertThat(filled.model().parts().get(1).layerInfo().digest()).isEqualTo("sha256:2");
        assertThat(filled.code().get(0).layerInfo().digest()).isEqualTo("sha256:3");
        assertThat(filled.datasets().get(1).layerInfo()).isNull();
        assertThat(filled.datasets().get(2).layerInfo().digest()).isEqualTo("sha256:5");
        assertThat(filled.prompts().get(0).layerInfo().digest()).isEqualTo("sha256:7");
        assertThatThrownBy(() -> k.withLayerInfo(infos.subList(0, 3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modelReferenceOrEmptyPathGivesNoModelLayer() throws Exception {
        assertThat(new KitfileReader().read("model: {path: 'org/repo:v1'}", "K", false).layerElements()).isEmpty();
        assertThat(new KitfileReader().read("model: {name: x}", "K", false).layerElements()).isEmpty();
    }

    @Test
    void packageDefaultsFillOnlyMissingFields() throws Exception {
        Kitfile k = new KitfileReader().read("package: {name: mine, authors: []}", "K", false);
        Kitfile d = k.withPackageDefaults(new PackageInfo("pom", "1.0", "desc", null, List.of("dev")));
        assertThat(d.pkg()).isEqualTo(new PackageInfo("mine", "1.0", "desc", null, List.of("dev")));
    }
}

package dev.modelkit.unpack;

import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.OciLayoutReader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every attack of {@link HostileInputTest} again, through a source that only streams its blobs (as a registry does):
 * uncompressed layers then take the one-stream path instead of the two-thread one.
 */
class HostileStreamedInputTest extends HostileInputTest {

    @Override
    ArtifactSource open(Path layout) throws IOException {
        return Fixtures.streamOnly(OciLayoutReader.open(layout));
    }
}

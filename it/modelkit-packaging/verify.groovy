import groovy.json.JsonSlurper
import java.security.MessageDigest

def target = new File(basedir, 'target')
def digest = new File(target, 'modelkit.digest').text.trim()
def layout = new File(target, 'modelkit')
def manifest = new JsonSlurper().parse(new File(layout, 'blobs/sha256/' + digest.substring(7)))
assert manifest.layers*.mediaType == ['application/vnd.kitops.modelkit.model.v1.tar',
                                      'application/vnd.kitops.modelkit.modelpart.v1.tar']
assert manifest.annotations['org.opencontainers.image.url'] == 'https://example.com/models/packaging-demo'
// POM metadata fills the Kitfile's empty package section.
def config = new JsonSlurper().parse(new File(layout, 'blobs/sha256/' + manifest.config.digest.substring(7)))
assert config.package.name == 'packaging-demo'
assert config.package.version == '2.1.0'
assert config.package.description == 'The ModelKit is the main artifact'
assert config.package.license == 'Apache-2.0'
assert config.package.authors == ['Ada Lovelace']
assert config.model.digest == manifest.layers[0].digest

// The archive is the main artifact: type modelkit, extension tar, no classifier.
def archive = new File(target, 'modelkit-packaging-2.1.0-modelkit.tar')
def installed = new File(localRepositoryPath, 'dev/modelkit/it/modelkit-packaging/2.1.0/modelkit-packaging-2.1.0.tar')
assert installed.isFile()
assert installed.bytes == archive.bytes
assert new File(localRepositoryPath, 'dev/modelkit/it/modelkit-packaging/2.1.0/modelkit-packaging-2.1.0.pom').isFile()
// The packaging's install phase ran this plugin's install goal too.
assert new File(target, 'kitops/storage/bG9jYWxob3N0L21vZGVsa2l0LXBhY2thZ2luZw==-tags.json').text.contains(digest)
return true

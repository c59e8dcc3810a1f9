import groovy.json.JsonSlurper
import java.security.MessageDigest

def target = new File(basedir, 'target')
def layout = new File(target, 'modelkit')
def sha256 = { File f -> 'sha256:' + MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }

assert new File(layout, 'oci-layout').text == '{"imageLayoutVersion":"1.0.0"}'
def index = new JsonSlurper().parse(new File(layout, 'index.json'))
assert index.manifests*.annotations*.get('org.opencontainers.image.ref.name') == ['1.0', 'latest']
def digest = new File(target, 'modelkit.digest').text.trim()
assert index.manifests*.digest.unique() == [digest]
def manifestFile = new File(layout, 'blobs/sha256/' + digest.substring(7))
assert sha256(manifestFile) == digest
def manifest = new JsonSlurper().parse(manifestFile)
assert manifest.mediaType == 'application/vnd.oci.image.manifest.v1+json'
assert manifest.artifactType == 'application/vnd.kitops.modelkit.manifest.v1+json'
assert manifest.layers*.mediaType == ['model', 'code', 'dataset', 'docs'].collect { "application/vnd.kitops.modelkit.${it}.v1.tar".toString() }
assert manifest.annotations['org.opencontainers.image.created'] == '2026-02-03T04:05:06Z'

def meta = new JsonSlurper().parse(new File(target, 'modelkit.json'))
assert meta.digest == digest
assert meta.reference == 'jar-attached:1.0'
assert meta.layers*.path == ['model', '.', 'data/train.csv', 'README.md']

// The code layer (path .) must not pack the build directory, the Kitfile or the IT's own scripts' outputs.
def codeTar = new File(layout, 'blobs/sha256/' + manifest.layers[1].digest.substring(7))
def names = []
new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new FileInputStream(codeTar)).withCloseable { tar ->
    def e
    while ((e = tar.nextEntry) != null) { names << e.name }
}
assert !names.any { it.startsWith('target') }
assert !names.contains('Kitfile')
assert names.contains('pom.xml')
assert !names.contains('build.log') // left out by the IT's .kitignore

// The archive is attached with classifier modelkit and installed like any artifact.
def archive = new File(target, 'jar-attached-1.0-modelkit.tar')
assert archive.isFile()
def installed = new File(localRepositoryPath, 'dev/modelkit/it/jar-attached/1.0/jar-attached-1.0-modelkit.tar')
assert installed.isFile()
assert installed.bytes == archive.bytes
def log = new File(basedir, 'build.log').text
assert log.contains("ModelKit jar-attached:1.0 ${digest}")
return true

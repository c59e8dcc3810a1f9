import dev.modelkit.store.LocalStore
import dev.modelkit.store.ModelKitTable
import dev.modelkit.store.StoreReference
import groovy.json.JsonSlurper
import java.security.MessageDigest

def target = new File(basedir, 'target')
def digest = new File(target, 'modelkit.digest').text.trim()
def storage = new File(target, 'kitops/storage')
def stem = 'bG9jYWxob3N0L3RlYW0vc3RvcmUtZGVtbw=='   // base64url("localhost/team/store-demo")

assert new File(storage, 'oci-layout').text == '{"imageLayoutVersion":"1.0.0"}'
def tags = new JsonSlurper().parse(new File(storage, stem + '-tags.json'))
assert tags.keySet() as List == ['1.0.0', 'latest']
assert tags.values()*.digest.unique() == [digest]
def index = new JsonSlurper().parse(new File(storage, stem + '-index.json'))
assert index.manifests*.digest == [digest]
assert new JsonSlurper().parse(new File(storage, 'index.json')).manifests*.digest == [digest]
new File(storage, 'blobs/sha256').eachFile { blob ->
    assert MessageDigest.getInstance('SHA-256').digest(blob.bytes).encodeHex().toString() == blob.name
}

// Read back with the store reader: what kit list would print.
def store = new LocalStore(new File(target, 'kitops').toPath())
def table = ModelKitTable.format(store.list())
println table
assert table.readLines().size() == 3
assert table.readLines()[1].startsWith('team/store-demo   1.0.0    Grace Hopper   store-demo   ')
assert store.resolve(StoreReference.parse('team/store-demo:latest')[0]).get().digest().toString() == digest

// The second install found everything in place.
def log = new File(basedir, 'build.log').text
assert log.contains('(already there)')

// Opt-in: the real kit CLI reads the store.
def kit = System.getenv('KIT_BINARY')
if (kit) {
    def env = ["KITOPS_HOME=${new File(target, 'kitops')}", "PATH=${System.getenv('PATH')}", "HOME=${target}"]
    def list = [kit, 'list'].execute(env, basedir)
    def out = list.text
    assert list.waitFor() == 0
    assert out.contains('team/store-demo') && out.contains(digest)
    def dir = new File(target, 'kit-unpacked')
    def unpack = [kit, 'unpack', 'team/store-demo:1.0.0', '-d', dir.path].execute(env, basedir)
    println unpack.text
    assert unpack.waitFor() == 0
    assert new File(dir, 'model/weights.bin').text == new File(basedir, 'model/weights.bin').text
}
return true

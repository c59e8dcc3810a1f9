import groovy.json.JsonSlurper

def out = new File(basedir, 'target/modelkit-unpacked')
assert new File(out, 'weights/model.bin').text == 'weights-v1\n'
assert new File(out, 'weights/config.json').text == '{"hidden":8}\n'
// Filtered: the docs layer is left out, the Kitfile was asked for.
assert !new File(out, 'docs').exists()
assert new File(out, 'Kitfile').text.contains('weights/model.bin')
def leftovers = out.list().findAll { it.startsWith('.modelkit-unpack-') }
assert leftovers.isEmpty()

def log = new File(basedir, 'build.log').text
assert log.contains('Unpacked sha256:')

def inspect = new JsonSlurper().parse(new File(basedir, 'target/inspect.json'))
assert inspect.format == 'modelkit'
assert inspect.kitfile.model.name == 'tiny'
assert inspect.manifest.layers*.mediaType.every { it.endsWith('+zstd') }
return true

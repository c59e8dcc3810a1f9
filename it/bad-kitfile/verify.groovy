def log = new File(basedir, 'build.log').text
// The unknown key is named with its Kitfile line.
assert log.contains("Kitfile:7: unknown key 'weights' in model")
assert log.contains('absolute paths are not supported')
assert !new File(basedir, 'target/modelkit').exists()
assert !new File(basedir, 'target/modelkit.digest').exists()
return true

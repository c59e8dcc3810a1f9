def kitfile = new File(basedir, 'model-folder/Kitfile')
assert kitfile.isFile()
assert kitfile.text == '''manifestVersion: 1.0.0
package:
  name: demo
  authors: [Ada]
model:
  name: model
  path: weights/model.safetensors
  parts:
    - path: weights/config.json
datasets:
  - name: data
    path: data/
docs:
  - path: README.md
    description: Readme file
'''

// No POM at all: the goal must run with its full coordinates, and refuse to overwrite without force.
def coordinates = new XmlSlurper().parse(new File(basedir, 'pom.xml')).properties.'plugin.coordinates'.text()
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
def solo = new File(basedir, 'solo')
def run = { List args ->
    def p = new ProcessBuilder([mvn, '-B', '-o', "-Dmaven.repo.local=${localRepositoryPath}", "${coordinates}:init"] + args)
            .directory(solo).redirectErrorStream(true).start()
    def out = p.inputStream.text
    println out
    [p.waitFor(), out]
}
def (code, out) = run(['-Dmodelkit.init.depth=-1'])
assert code == 0
assert new File(solo, 'Kitfile').text == '''manifestVersion: 1.0.0
package:
  name: solo
model:
  name: tiny
  path: tiny.gguf
code:
  - path: run.py
'''
def (again, out2) = run([])
assert again != 0
assert out2.contains('already exists')
def (forced, out3) = run(['-Dmodelkit.init.force=true', '-Dmodelkit.init.name=forced'])
assert forced == 0
assert new File(solo, 'Kitfile').text.contains('name: forced')
return true

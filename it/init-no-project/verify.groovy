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
def coordinates = (new File(basedir, 'pom.xml').text =~ /<plugin.coordinates>(.*?)<\/plugin.coordinates>/)[0][1]
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
def solo = new File(basedir, 'solo')
// Like it/settings.xml: artifacts the IT repository lacks (parent POMs) come from the outer local repository.
def outerRepo = new File(System.getProperty('maven.repo.local') ?: "${System.getProperty('user.home')}/.m2/repository")
def settings = new File(basedir, 'target/no-project-settings.xml')
settings.parentFile.mkdirs()
def url = outerRepo.toURI().toString()
settings.text = """<settings><profiles><profile><id>it</id><activation><activeByDefault>true</activeByDefault></activation>
<repositories><repository><id>local.central</id><url>${url}</url></repository></repositories>
<pluginRepositories><pluginRepository><id>local.central</id><url>${url}</url></pluginRepository></pluginRepositories>
</profile></profiles></settings>"""
def run = { List args ->
    def p = new ProcessBuilder(([mvn, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}", "${coordinates}:init"] + args)
            .collect { it.toString() })
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

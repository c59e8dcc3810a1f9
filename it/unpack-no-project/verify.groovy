// mvn <plugin>:unpack -Dmodelkit.source=<archive> in an empty folder: requiresProject=false, no POM anywhere.
def archive = new File(basedir, 'target/unpack-no-project-1.0.0-modelkit.tar')
assert archive.isFile()
def work = new File(basedir, 'target/no-project')
work.mkdirs()
// The plugin version as invoker filtered it into the POM.
def version = (new File(basedir, 'pom.xml').text =~ /(?s)<artifactId>modelkit-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/)[0][1]
def goal = "dev.modelkit:modelkit-maven-plugin:${version}:unpack"
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').absolutePath
def settings = new File(basedir, '../interpolated-settings.xml')
def cmd = [mvn, '-B', '-o', "-Dmaven.repo.local=${localRepositoryPath}",
           goal,
           "-Dmodelkit.source=${archive.absolutePath}"]
if (settings.isFile()) {
    cmd.addAll(1, ['-s', settings.absolutePath])
}
def p = new ProcessBuilder(cmd.collect { it.toString() }).directory(work).redirectErrorStream(true).start()
def output = p.inputStream.text
p.waitFor()
new File(basedir, 'no-project.log').text = output
assert p.exitValue() == 0 : output
assert output.contains('Unpacked sha256:')
// Without a project the default output folder is ./modelkit-unpacked.
assert new File(work, 'modelkit-unpacked/model/weights.bin').text == 'no-project-weights\n'
assert new File(work, 'modelkit-unpacked/Kitfile').isFile()
assert !new File(work, 'target').exists()
return true

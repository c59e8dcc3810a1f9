import groovy.json.JsonSlurper

def dir = new File(basedir, 'target/it-registry')
def registry = new File(basedir, 'registry.properties').text.trim().substring('modelkit.registry='.length())
try {
    def target = new File(basedir, 'target')
    def digest = new File(target, 'modelkit.digest').text.trim()
    def json = new JsonSlurper().parse(new File(target, 'modelkit.json'))
    assert json.pushed == [[reference: "${registry}/it/push-deploy:3.0.0".toString(), digest: digest]]
    // maven-deploy-plugin ran first and deployed the archive to the file:// repository.
    assert new File(target, 'deploy-repo/dev/modelkit/it/push-deploy/3.0.0/push-deploy-3.0.0.tar').bytes ==
            new File(target, 'push-deploy-3.0.0-modelkit.tar').bytes
    def log = new File(basedir, 'build.log').text
    assert log.contains("Using credentials for ${registry} from settings.xml <server> 'it-registry'")
    assert log.contains('chunked')
    assert !log.contains('it-password-7f3a')
    // An independent client sees the same manifest digest in the registry.
    def p = new ProcessBuilder('skopeo', 'inspect', '--raw', '--tls-verify=false', '--creds', 'it-user:it-password-7f3a',
            "docker://${registry}/it/push-deploy:3.0.0").start()
    def raw = p.inputStream.bytes
    assert p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 : p.errorStream.text
    def sha = java.security.MessageDigest.getInstance('SHA-256').digest(raw).encodeHex().toString()
    assert "sha256:${sha}" == digest
    return true
    // install ran before deploy: its store is inside target/, not in the user's KitOps home.
    assert new File(target, 'kitops/storage/index.json').text.contains(digest)
} finally {
    def pidFile = new File(dir, 'registry.pid')
    if (pidFile.exists()) {
        ProcessHandle.of(pidFile.text.trim() as long).ifPresent { h ->
            h.descendants().forEach { it.destroy() }
            h.destroy()
        }
    }
}

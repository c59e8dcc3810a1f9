// Starts Debian's docker-registry (distribution 2.8) on 127.0.0.1 and a free port with htpasswd basic auth, for
// this IT only; verify.groovy stops it, and a shutdown hook plus `timeout` stop it if the build fails first.
def dir = new File(basedir, 'target/it-registry')
dir.mkdirs()
def run = { List<String> cmd ->
    def p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
    def out = p.inputStream.text
    assert p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 : "${cmd} failed: ${out}"
}
// Credentials match the <server> it-registry in it/settings.xml.
run(['htpasswd', '-Bbc', new File(dir, 'htpasswd').path, 'it-user', 'it-password-7f3a'])
def socket = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))
int port = socket.localPort
socket.close()
new File(dir, 'config.yml').text = """version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: ${new File(dir, 'data').path}}
http: {addr: "127.0.0.1:${port}", secret: it-only}
auth:
  htpasswd: {realm: it, path: ${new File(dir, 'htpasswd').path}}
"""
def pb = new ProcessBuilder('timeout', '600', 'docker-registry', 'serve', new File(dir, 'config.yml').path)
pb.environment().clear()
pb.environment().put('PATH', System.getenv('PATH'))
pb.redirectErrorStream(true).redirectOutput(new File(dir, 'registry.log'))
def process = pb.start()
new File(dir, 'registry.pid').text = process.pid().toString()
Runtime.runtime.addShutdownHook(new Thread({ process.destroy() }))
boolean up = false
for (int i = 0; i < 100 && !up && process.alive; i++) {
    try { new Socket('127.0.0.1', port).close(); up = true } catch (IOException e) { Thread.sleep(100) }
}
assert up : "registry did not start: " + new File(dir, 'registry.log').text
new File(basedir, 'registry.properties').text = "modelkit.registry=127.0.0.1:${port}\n"
return true

def installed = new File(localRepositoryPath, 'dev/modelkit/it/unpack-model/1.0.0/unpack-model-1.0.0.tar')
assert installed.isFile()
// modelkit:install (bound by the packaging) wrote to the store under target/, not the user's KitOps home.
assert new File(basedir, 'target/kitops/storage/index.json').isFile()
return true

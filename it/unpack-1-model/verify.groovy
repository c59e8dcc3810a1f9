def installed = new File(localRepositoryPath, 'dev/modelkit/it/unpack-model/1.0.0/unpack-model-1.0.0.tar')
assert installed.isFile()
return true

// usage: node validate.mjs FILE — validates every document of a multi-document Kubernetes YAML file against the
// Kubernetes OpenAPI schemas kubernetes-models ships; prints one "Kind/name ok" line per object, exit 1 on any
// error (unknown kind, schema violation, YAML error).
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'

const file = process.argv[2]
if (!file) {
  console.error('usage: node validate.mjs FILE')
  process.exit(2)
}
let failed = false
for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
  if (document.errors.length > 0) {
    console.log(`${file}: YAML: ${document.errors.map(e => e.message).join('; ')}`)
    failed = true
    continue
  }
  const object = document.toJS()
  if (object === null) continue
  const { apiVersion, kind } = object
  const name = `${kind}/${object.metadata?.name}`
  const [group, version] = apiVersion?.includes('/') ? apiVersion.split('/') : ['', apiVersion]
  try {
    const models = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`)
    const Model = models[kind]
    if (!Model) throw new Error(`unknown kind ${kind} in ${apiVersion}`)
    new Model(object).validate()
    console.log(`${name} ok`)
  } catch (e) {
    console.log(`${name}: ${e.message}`)
    failed = true
  }
}
process.exit(failed ? 1 : 0)

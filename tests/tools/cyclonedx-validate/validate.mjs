// usage: node validate.mjs SPEC_VERSION FILE — exit 0 when valid, 1 with the errors on stdout when not.
import { readFileSync } from 'node:fs'
import { Spec, Validation } from '@cyclonedx/cyclonedx-library'

const [version, file] = process.argv.slice(2)
const specs = { '1.6': Spec.Version.v1dot6, '1.5': Spec.Version.v1dot5 }
if (!specs[version] || !file) {
  console.error('usage: node validate.mjs 1.6|1.5 FILE')
  process.exit(2)
}
const errors = await new Validation.JsonStrictValidator(specs[version]).validate(readFileSync(file, 'utf8'))
if (errors === null) {
  console.log('valid')
} else {
  console.log(JSON.stringify(errors, null, 2))
  process.exit(1)
}

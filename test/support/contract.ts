import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../src/message/stream-message.schema.json';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Parses a message value and checks it against the contract's JSON Schema, throwing what is wrong. */
export function assertContractMessage(value: Buffer): Record<string, any> {
  const parsed: unknown = JSON.parse(value.toString('utf8'));
  if (!validate(parsed)) {
    throw new Error(`message violates stream-message.schema.json: ${ajv.errorsText(validate.errors)}`);
  }
  return parsed as Record<string, any>;
}

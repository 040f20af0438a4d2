/**
 * Counts the fields and enum values of incoming flows that our protos do not know (a newer Cilium
 * than 1.19), for `hubble_gateway_unknown_fields_total{message}` and
 * `hubble_gateway_unknown_enum_values_total{enum}`, and logs each distinct one once (message and
 * field number, or enum and value), so an operator learns that the protos want an update while the
 * flows keep every byte (served under "@unknown_fields").
 */
import type { UnknownSink } from './wireCheck';

type Log = { warn(o: object, m?: string): void };

/** Distinct unknown fields and values logged; past this, one more line says logging stopped. */
const MAX_LOGGED = 1000;

export class UnknownTally implements UnknownSink {
  /** Occurrences by message full name (`flow.Layer7`). */
  readonly fields = new Map<string, number>();
  /** Occurrences by enum full name (`flow.Verdict`). */
  readonly enums = new Map<string, number>();
  private readonly logged = new Set<string>();

  constructor(private readonly log: Log) {}

  field(message: string, number: number, wire: number): void {
    this.fields.set(message, (this.fields.get(message) ?? 0) + 1);
    this.once(`${message}#${number}`, () =>
      this.log.warn(
        { message, field_number: number, wire_type: wire },
        'Hubble Relay sent a field our protos do not declare (a newer Cilium?): kept, served under "@unknown_fields"; update proto/ to name it'
      )
    );
  }

  enumValue(enumName: string, value: number): void {
    this.enums.set(enumName, (this.enums.get(enumName) ?? 0) + 1);
    this.once(`${enumName}=${value}`, () =>
      this.log.warn(
        { enum: enumName, value },
        'Hubble Relay sent an enum value our protos do not declare (a newer Cilium?): kept and served as its number; update proto/ to name it'
      )
    );
  }

  private once(key: string, write: () => void): void {
    if (this.logged.has(key) || this.logged.size > MAX_LOGGED) {
      return;
    }
    this.logged.add(key);
    if (this.logged.size > MAX_LOGGED) {
      this.log.warn({ distinct: MAX_LOGGED }, 'too many distinct unknown fields and enum values; not logging more');
      return;
    }
    write();
  }
}

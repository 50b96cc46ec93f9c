// OpenAPI schemas of proto messages as they travel in proto3 JSON (camelCase names, enums by name,
// 64-bit integers as strings, Timestamp as RFC 3339), read from the generated descriptors, so the
// document cannot drift from the contracts.
import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import type { SchemaObject } from '@nestjs/swagger';

export type { SchemaObject };

/** Where a component is referenced from. */
export const componentRef = (name: string): string => `#/components/schemas/${name}`;

/** The component name of a message or enum: its full proto name, e.g. `shopmind.review.v1.ReviewSummaryReply`. */
export const componentName = (desc: DescMessage | DescEnum): string => desc.typeName;

function scalarSchema(scalar: ScalarType): SchemaObject {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', format: 'byte' };
    case ScalarType.DOUBLE:
      return { type: 'number', format: 'double' };
    case ScalarType.FLOAT:
      return { type: 'number', format: 'float' };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: 'integer', format: 'int32' };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: 'integer', format: 'int32', minimum: 0 };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      // proto3 JSON writes 64-bit integers as strings and reads numbers too.
      return { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: 'string', format: 'int64', pattern: '^[0-9]+$' };
  }
}

/** Well-known types have their own JSON form. */
const WELL_KNOWN: Record<string, SchemaObject> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time', example: '2026-11-28T10:00:00Z' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?s$', example: '1.5s' },
  'google.protobuf.Struct': { type: 'object', additionalProperties: true },
  'google.protobuf.Value': {},
  'google.protobuf.FieldMask': { type: 'string' },
};

/** Collects the components of messages and enums, each once, by full proto name. */
export class ProtoSchemas {
  readonly components: Record<string, SchemaObject> = {};

  /** A reference to `desc` in the components (added with everything it uses); `omit` names top-level fields left out. */
  ref(desc: DescMessage, options: { name?: string; omit?: readonly string[] } = {}): { $ref: string } {
    const name = options.name ?? componentName(desc);
    if (!(name in this.components)) {
      this.components[name] = {}; // placeholder: recursive messages refer to themselves
      this.components[name] = this.messageSchema(desc, options.omit ?? []);
    }
    return { $ref: componentRef(name) };
  }

  private enumRef(desc: DescEnum): { $ref: string } {
    const name = componentName(desc);
    this.components[name] ??= { type: 'string', enum: desc.values.map((v) => v.name) };
    return { $ref: componentRef(name) };
  }

  private messageSchema(desc: DescMessage, omit: readonly string[]): SchemaObject {
    const properties: Record<string, SchemaObject | { $ref: string }> = {};
    for (const field of desc.fields) {
      if (omit.includes(field.name) || omit.includes(field.jsonName)) continue;
      properties[field.jsonName] = this.fieldSchema(field);
    }
    const schema: SchemaObject = { type: 'object', properties };
    if (desc.oneofs.length > 0) {
      schema.description = desc.oneofs
        .map((o) => `At most one of ${o.fields.map((f) => `\`${f.jsonName}\``).join(', ')} (${o.name}).`)
        .join(' ');
    }
    return schema;
  }

  private singular(
    field: Pick<DescField, 'fieldKind'> & { scalar?: ScalarType; message?: DescMessage; enum?: DescEnum },
  ): SchemaObject | { $ref: string } {
    if (field.message) return WELL_KNOWN[field.message.typeName] ?? this.ref(field.message);
    if (field.enum) return this.enumRef(field.enum);
    return scalarSchema(field.scalar!);
  }

  private fieldSchema(field: DescField): SchemaObject | { $ref: string } {
    switch (field.fieldKind) {
      case 'scalar':
        return scalarSchema(field.scalar);
      case 'enum':
        return this.enumRef(field.enum);
      case 'message':
        return WELL_KNOWN[field.message.typeName] ?? this.ref(field.message);
      case 'list':
        return {
          type: 'array',
          items: this.singular({
            fieldKind: 'list',
            scalar: field.scalar,
            message: field.message,
            enum: field.enum,
          }),
        };
      case 'map':
        return {
          type: 'object',
          additionalProperties: this.singular({
            fieldKind: 'map',
            scalar: field.scalar,
            message: field.message,
            enum: field.enum,
          }),
        };
    }
  }
}

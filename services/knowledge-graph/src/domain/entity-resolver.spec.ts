import { describe, expect, it } from '@jest/globals';
import { EntityResolver } from './entity-resolver.js';

describe('EntityResolver', () => {
  const resolver = new EntityResolver();

  it('resolves "Lego", "LEGO" and "The LEGO Group" to one brand', () => {
    expect(new Set(['Lego', 'LEGO', 'The LEGO Group', '  lego ']).size).toBe(4);
    expect(
      new Set(['Lego', 'LEGO', 'The LEGO Group', '  lego '].map((b) => resolver.resolve('Brand', b))),
    ).toEqual(new Set(['lego']));
  });

  it('strips company forms but keeps a brand whose name starts with "The"', () => {
    expect(resolver.resolve('Brand', 'Mattel, Inc.')).toBe('mattel');
    expect(resolver.resolve('Brand', 'Hape GmbH')).toBe('hape');
    expect(resolver.resolve('Brand', 'The North Face')).toBe('the north face');
  });

  it('resolves names that every JavaScript object inherits as plain names', () => {
    // A brand called Constructor once came out as the source text of Object's constructor.
    for (const name of ['Constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])
      for (const type of ['Brand', 'Category', 'Material', 'Feature'] as const)
        expect([type, name, typeof resolver.resolve(type, name)]).toEqual([type, name, 'string']);
    expect(resolver.resolve('Brand', 'Constructor')).toBe('constructor');
    expect(resolver.resolve('Brand', 'Constructor Toys Ltd')).toBe('constructor toys');
    expect(resolver.resolve('Category', 'Constructors')).toBe('constructor');
  });

  it('maps wood species and qualified materials to the base material', () => {
    expect(resolver.resolve('Material', 'Beech wood')).toBe('wood');
    expect(resolver.resolve('Material', 'solid oak')).toBe('wood');
    expect(resolver.resolve('Material', '100% Organic Cotton')).toBe('cotton');
    expect(resolver.resolve('Material', 'Aluminum')).toBe('aluminium');
  });

  it('singularises categories and applies tenant aliases', () => {
    expect(resolver.resolve('Category', 'Jigsaw Puzzles')).toBe('jigsaw puzzle');
    expect(resolver.resolve('Category', 'Running Shoes')).toBe('running shoe');
    const tenant = new EntityResolver({ 'Brand:hasbro gaming': 'Hasbro' });
    expect(tenant.resolve('Brand', 'Hasbro Gaming')).toBe('hasbro');
  });
});

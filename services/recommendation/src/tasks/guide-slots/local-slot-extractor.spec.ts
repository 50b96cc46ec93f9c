// The local tier, finder by finder, on phrasings of its own (the eval sets measure it as a whole).
import { describe, expect, it } from '@jest/globals';
import { extractSlotsLocally } from './local-slot-extractor.js';
import type { GuideSlotsInput } from './guide-slots-schema.js';

const slots = (text: string, more: Partial<GuideSlotsInput> = {}) =>
  extractSlotsLocally({ text, defaultCurrency: 'EUR', ...more });

describe('local slot extractor: age', () => {
  it.each([
    ['for a 4 year old', 48],
    ['our baby is 9 months old', 9],
    ['a 3yo', 36],
    ['my son is 3 1/2', 42],
    ['she is two and a half', 30],
    ['for a kid of 8', 96],
    ['aged 11', 132],
    ['he will be 4 in march', 48],
    ['my nephew (7) likes cars', 84],
    ['5岁', 60],
  ])('%s → %i months', (text, months) => {
    expect(slots(text).ageMonths).toBe(months);
  });

  it('reads "turning N" and "N-th birthday" as the age and the occasion birthday', () => {
    expect(slots('my son is turning eight')).toMatchObject({ ageMonths: 96, occasion: 'birthday' });
    expect(slots("for my niece's 3rd bday")).toMatchObject({ ageMonths: 36, occasion: 'birthday' });
  });

  it('takes the stated age over the one it corrects, and no age from hedges, time spans or counts', () => {
    expect(slots('he is 6, not 5').ageMonths).toBe(72);
    expect(slots('she is almost 2').ageMonths).toBeNull();
    expect(slots('we need it in 3 months').ageMonths).toBeNull();
    expect(slots('a present for 5 kids, size 4 shoes').ageMonths).toBeNull();
  });

  it('reads a bare number as the answer to the question just asked', () => {
    expect(slots('7', { expecting: 'age' }).ageMonths).toBe(84);
    expect(slots('7', { expecting: 'budget' })).toMatchObject({ ageMonths: null, budgetMax: { amount: 7 } });
    expect(slots('7').ageMonths).toBeNull();
  });

  it('reads a bare reply to "what does she like?" as her interests, unless it declines to say', () => {
    expect(slots('trains', { expecting: 'interests' }).interests).toEqual(['train']);
    expect(slots('dinosaurs and space', { expecting: 'interests' }).interests).toEqual(['dinosaur', 'space']);
    expect(slots('trains').interests).toEqual([]);
    expect(slots('not sure', { expecting: 'interests' }).interests).toEqual([]);
    expect(slots('anything really', { expecting: 'interests' }).interests).toEqual([]);
  });
});

describe('local slot extractor: budget', () => {
  it.each([
    ['under 40 pounds', null, { currency: 'GBP', amount: 40 }],
    ['roughly €18', null, { currency: 'EUR', amount: 18 }],
    ['$15-25', { currency: 'USD', amount: 15 }, { currency: 'USD', amount: 25 }],
    ['between 30 and 45', { currency: 'EUR', amount: 30 }, { currency: 'EUR', amount: 45 }],
    ['12.99 max', null, { currency: 'EUR', amount: 12.99 }],
    ['at least 20 quid', { currency: 'GBP', amount: 20 }, null],
    ["we don't want to pay more than 60 dollars", null, { currency: 'USD', amount: 60 }],
    ['300块以内', null, { currency: 'CNY', amount: 300 }],
  ])('%s', (text, min, max) => {
    const s = slots(text);
    expect([s.budgetMin, s.budgetMax]).toEqual([min, max]);
  });

  it('uses the default currency for an amount without one, and reads no budget from a bare number', () => {
    expect(slots('up to 30', { defaultCurrency: 'CNY' }).budgetMax).toEqual({ currency: 'CNY', amount: 30 });
    expect(slots('we have 3 children').budgetMax).toBeNull();
  });
});

describe('local slot extractor: recipient', () => {
  it.each([
    ['for my 6 year old granddaughter', 'granddaughter'],
    ['my best mate', 'friend'],
    ['for a co-worker', 'colleague'],
    ['a treat for me', 'myself'],
    ['for my two nephews', 'nephew'],
    ['my neice', 'niece'],
    ["my sister's birthday party", 'sister'],
  ])('%s → %s', (text, recipient) => {
    expect(slots(text).recipient).toBe(recipient);
  });

  it("names no recipient for someone else's relative, an in-law or a word outside the vocabulary", () => {
    expect(slots("for my friend's son").recipient).toBeNull();
    expect(slots("my brother's kids").recipient).toBeNull();
    expect(slots('for my sister-in-law').recipient).toBeNull();
    expect(slots('for my wife').recipient).toBeNull();
    expect(slots('something nice for the family').recipient).toBeNull();
  });
});

describe('local slot extractor: occasion and constraints', () => {
  it.each([
    ['a stocking filler', 'christmas'],
    ['for chinese new year', 'new year'],
    ['she is starting school in autumn', 'back to school'],
    ['for a long flight', 'travel'],
    ['to say thank you', 'thank you'],
    ['she is recovering from surgery', 'get well'],
  ])('%s → %s', (text, occasion) => {
    expect(slots(text).occasion).toBe(occasion);
  });

  it('reads travel words inside what someone likes as an interest, not a trip', () => {
    expect(slots('my aunt loves travelling')).toMatchObject({ occasion: null, interests: ['travelling'] });
  });

  it('reads constraints from wanted properties and from denied ones', () => {
    expect(slots('nothing that beeps or is too loud, battery free, made from wood').constraints).toEqual([
      'quiet',
      'no batteries',
      'wooden',
    ]);
    expect(slots('no plastic and no screens please').constraints).toEqual(['not plastic', 'no screens']);
    expect(slots('it has batteries and a screen').constraints).toEqual([]);
  });
});

describe('local slot extractor: interests', () => {
  it.each([
    ['he is really into rockets and planets', ['rocket', 'planet']],
    ['she loves to paint and bake', ['painting', 'baking']],
    ['a big fan of the beatles', ['beatle']],
    ['he is very sporty', ['sport']],
    ['do you have a marble run?', ['marble run']],
    ['bunny stuff for a toddler', ['bunny']],
    ['something ocean-themed', ['ocean']],
  ])('%s → %j', (text, interests) => {
    expect(slots(text).interests).toEqual(interests);
  });

  it('leaves out gifts, generic products, properties, dislikes and the shopper’s own plans', () => {
    expect(slots('a birthday present for my son').interests).toEqual([]);
    expect(slots('any wooden toy ideas?').interests).toEqual([]);
    expect(slots("she doesn't like dolls").interests).toEqual([]);
    expect(slots('I want to spend about 20').interests).toEqual([]);
  });
});

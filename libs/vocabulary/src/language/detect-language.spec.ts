import { describe, expect, it } from '@jest/globals';
import { detectLanguage } from './detect-language.js';

describe('detectLanguage', () => {
  it.each([
    ['de', 'Das Produkt ist leider nach zwei Wochen kaputt gegangen und der Kundendienst antwortet nicht.'],
    ['fr', 'Très bon produit, je le recommande à tous mes amis, la qualité est vraiment bien.'],
    ['es', 'El producto llegó roto y no funciona, muy mala calidad.'],
    ['it', 'Il prodotto è arrivato rotto e la qualità è molto scarsa, non lo consiglio.'],
    ['nl', 'Het product werkt niet goed en de kwaliteit is erg slecht.'],
    ['pt', 'O produto chegou quebrado e não funciona, qualidade muito ruim.'],
    ['en', 'The product arrived broken and does not work, very poor quality.'],
  ])('recognises %s', (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('does not take English with a stray foreign-looking word for another language', () => {
    expect(detectLanguage('No complaints here.').language).not.toBe('es');
    expect(detectLanguage('Item as described, quick delivery, thanks!').language).not.toBe('pt');
  });

  it('names the script of non-Latin text', () => {
    expect(detectLanguage('Очень хороший товар, рекомендую').language).toBe('ru');
    expect(detectLanguage('这个产品很好用').language).toBe('zh');
  });

  it('says undetermined when there are no letters', () => {
    expect(detectLanguage('!!! 10/10 :)')).toEqual({ language: 'und', confidence: 0 });
  });
});

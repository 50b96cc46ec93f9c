// @shopmind/vocabulary — the product vocabularies (materials, colours, audiences) that more than one
// service reads, kept once as data files with the code that loads and matches them.
export {};

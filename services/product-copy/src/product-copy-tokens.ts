// Injection tokens for plain values.
export const PRODUCT_COPY_CONFIG = Symbol('PRODUCT_COPY_CONFIG');

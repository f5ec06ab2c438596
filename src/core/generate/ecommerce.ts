/**
 * An online shop tracked with the Snowplow ecommerce plugin: `snowplow_ecommerce_action` events
 * (product_view, list_view, add_to_cart, remove_from_cart, checkout_step, transaction) with
 * product, cart, checkout_step, transaction and page entities. Shoppers browse, abandon carts or
 * buy, across several sessions, and sign in at checkout (user_id).
 */
import { schemaRef, type SelfDescribing } from './event.js';
import type { Random } from './random.js';
import type { Scenario } from './timeline.js';
import type { WebSession } from './web-session.js';

const VENDOR = 'com.snowplowanalytics.snowplow.ecommerce';
export const ECOMMERCE_SCHEMAS = {
  action: schemaRef(VENDOR, 'snowplow_ecommerce_action', '1-0-2'),
  product: schemaRef(VENDOR, 'product', '1-0-0'),
  cart: schemaRef(VENDOR, 'cart', '1-0-0'),
  transaction: schemaRef(VENDOR, 'transaction', '1-0-0'),
  checkoutStep: schemaRef(VENDOR, 'checkout_step', '1-0-0'),
  page: schemaRef(VENDOR, 'page', '1-0-0'),
  user: schemaRef(VENDOR, 'user', '1-0-0'),
} as const;

interface Product {
  id: string;
  name: string;
  category: string;
  brand: string;
  price: number;
}

const P = (id: string, name: string, category: string, brand: string, price: number): Product => ({ id, name, category, brand, price });

const PRODUCTS: readonly Product[] = [
  P('SKU-1001', 'Wool beanie', 'Hats', 'Northpeak', 19.0),
  P('SKU-1002', 'Baseball cap', 'Hats', 'Fieldday', 24.0),
  P('SKU-1003', 'Panama hat', 'Hats', 'Costa', 59.0),
  P('SKU-2001', 'Organic cotton tee', 'Shirts', 'Fieldday', 22.0),
  P('SKU-2002', 'Oxford shirt', 'Shirts', 'Tailor & Co', 49.5),
  P('SKU-2003', 'Linen shirt', 'Shirts', 'Costa', 64.0),
  P('SKU-3001', 'Canvas sneakers', 'Shoes', 'Fieldday', 55.0),
  P('SKU-3002', 'Trail runners', 'Shoes', 'Northpeak', 129.0),
  P('SKU-3003', 'Leather boots', 'Shoes', 'Tailor & Co', 189.0),
  P('SKU-4001', 'Tote bag', 'Bags', 'Costa', 29.0),
  P('SKU-4002', 'Daypack 20L', 'Bags', 'Northpeak', 79.0),
  P('SKU-4003', 'Leather weekender', 'Bags', 'Tailor & Co', 245.0),
  P('SKU-5001', 'Merino socks (3 pack)', 'Accessories', 'Northpeak', 27.0),
  P('SKU-5002', 'Sunglasses', 'Accessories', 'Costa', 89.0),
  P('SKU-5003', 'Chronograph watch', 'Accessories', 'Tailor & Co', 210.0),
  P('SKU-6001', 'Rain jacket', 'Outerwear', 'Northpeak', 149.0),
  P('SKU-6002', 'Down parka', 'Outerwear', 'Northpeak', 279.0),
  P('SKU-6003', 'Denim jacket', 'Outerwear', 'Fieldday', 98.0),
];
const CATEGORIES = [...new Set(PRODUCTS.map((p) => p.category))];

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

class Shop {
  private readonly cart: { product: Product; quantity: number }[] = [];
  private readonly cartId: string;
  private readonly currency: string;

  constructor(
    private readonly rng: Random,
    private readonly s: WebSession,
    private readonly premium: boolean,
  ) {
    this.cartId = rng.uuid();
    const country = s.info.visitor.place.country;
    this.currency = country === 'US' ? 'USD' : country === 'GB' ? 'GBP' : country === 'CA' ? 'CAD' : country === 'AU' ? 'AUD' : 'EUR';
  }

  get cartValue(): number {
    return round2(this.cart.reduce((sum, i) => sum + i.product.price * i.quantity, 0));
  }

  get cartSize(): number {
    return this.cart.length;
  }

  private page(type: string): SelfDescribing {
    return { schema: ECOMMERCE_SCHEMAS.page, data: { type, language: 'en', locale: this.s.info.visitor.place.lang } };
  }

  private productEntity(p: Product, extra: Record<string, unknown> = {}): SelfDescribing {
    return { schema: ECOMMERCE_SCHEMAS.product, data: { id: p.id, name: p.name, category: p.category, brand: p.brand, price: p.price, currency: this.currency, ...extra } };
  }

  private cartEntity(): SelfDescribing {
    return { schema: ECOMMERCE_SCHEMAS.cart, data: { cart_id: this.cartId, currency: this.currency, total_value: this.cartValue } };
  }

  private pickProduct(category?: string): Product {
    const pool = PRODUCTS.filter((p) => (category === undefined || p.category === category) && (this.premium ? p.price >= 60 : p.price < 150));
    return this.rng.pick(pool.length > 0 ? pool : PRODUCTS);
  }

  home(): void {
    this.s.pageView('/', 'Shop', { contexts: [this.page('homepage')] });
    this.s.dwell(this.rng.int(3, 20), { maxPings: 1 });
  }

  category(): string {
    const category = this.rng.pick(CATEGORIES);
    this.s.pageView(`/c/${slug(category)}`, category, { contexts: [this.page('category')] });
    const listed = PRODUCTS.filter((p) => p.category === category);
    this.s.track(ECOMMERCE_SCHEMAS.action, { type: 'list_view', name: `${category} listing` }, listed.map((p, i) => this.productEntity(p, { position: i + 1 })));
    this.s.dwell(this.rng.int(4, 25), { maxPings: 1 });
    return category;
  }

  view(category?: string): Product {
    const p = this.pickProduct(category);
    this.s.pageView(`/p/${slug(p.name)}`, p.name, { contexts: [this.page('product')] });
    this.s.track(ECOMMERCE_SCHEMAS.action, { type: 'product_view' }, [this.productEntity(p)]);
    this.s.dwell(this.rng.int(5, 45), { maxPings: 1 });
    return p;
  }

  add(p: Product): void {
    const quantity = this.rng.chance(0.85) ? 1 : 2;
    const existing = this.cart.find((i) => i.product.id === p.id);
    if (existing) existing.quantity += quantity;
    else this.cart.push({ product: p, quantity });
    this.s.track(ECOMMERCE_SCHEMAS.action, { type: 'add_to_cart' }, [this.productEntity(p, { quantity }), this.cartEntity()]);
    this.s.wait(this.rng.int(1500, 6000));
  }

  removeOne(): void {
    const item = this.cart.pop();
    if (!item) return;
    this.s.track(ECOMMERCE_SCHEMAS.action, { type: 'remove_from_cart' }, [this.productEntity(item.product, { quantity: item.quantity }), this.cartEntity()]);
    this.s.wait(this.rng.int(1500, 5000));
  }

  viewCart(): void {
    this.s.pageView('/cart', 'Your cart', { contexts: [this.page('cart')] });
    this.s.dwell(this.rng.int(5, 30), { maxPings: 1 });
  }

  checkout(buy: boolean): void {
    const visitor = this.s.info.visitor;
    const guest = this.rng.chance(0.3);
    if (!guest && visitor.userId === undefined) this.s.signIn(`C${String(this.rng.int(100000, 999999))}`);
    const user: SelfDescribing = { schema: ECOMMERCE_SCHEMAS.user, data: { id: visitor.userId ?? 'guest', is_guest: guest } };
    const steps = buy ? 3 : this.rng.int(1, 2);
    for (let step = 1; step <= steps; step++) {
      this.s.pageView(`/checkout/step-${step}`, `Checkout step ${step}`, { contexts: [this.page(`checkout step ${step}`)] });
      const detail: Record<string, unknown> = { step };
      if (step === 2) detail['delivery_method'] = this.rng.pick(['standard', 'express', 'click_and_collect']);
      if (step === 3) detail['payment_method'] = this.rng.pick(['card', 'paypal', 'BNPL']);
      this.s.track(ECOMMERCE_SCHEMAS.action, { type: 'checkout_step' }, [{ schema: ECOMMERCE_SCHEMAS.checkoutStep, data: detail }, user]);
      this.s.dwell(this.rng.int(10, 50), { maxPings: 1 });
    }
    if (!buy) return;
    const revenue = this.cartValue;
    const shipping = revenue >= 75 ? 0 : 4.95;
    const transaction: SelfDescribing = {
      schema: ECOMMERCE_SCHEMAS.transaction,
      data: {
        transaction_id: `T${this.rng.uuid().slice(0, 8).toUpperCase()}`,
        revenue: round2(revenue + shipping),
        currency: this.currency,
        payment_method: this.rng.pick(['card', 'paypal', 'BNPL']),
        total_quantity: this.cart.reduce((n, i) => n + i.quantity, 0),
        shipping,
      },
    };
    this.s.pageView('/checkout/confirmation', 'Order confirmed', { contexts: [this.page('order confirmation')] });
    this.s.track(ECOMMERCE_SCHEMAS.action, { type: 'transaction' }, [transaction, ...this.cart.map((i) => this.productEntity(i.product, { quantity: i.quantity })), user]);
    this.s.dwell(this.rng.int(5, 20), { maxPings: 1 });
    this.cart.length = 0;
  }
}

export const ecommerceScenario: Scenario = {
  name: 'ecommerce',
  appId: 'shop-web',
  host: 'shop.example.com',
  campaigns: ['summer_sale', 'new_arrivals', 'black_friday', 'loyalty'],
  meanArrivalGapSeconds: 25,

  pickProfile(rng) {
    return {
      persona: rng.weighted<string>([
        ['bouncer', 15],
        ['window_shopper', 25],
        ['researcher', 15],
        ['cart_abandoner', 20],
        ['buyer', 18],
        ['big_spender', 7],
      ]),
    };
  },

  pickReturnVisits(rng, visitor) {
    const p = visitor.profile['persona'];
    if (p === 'bouncer') return rng.chance(0.1) ? 1 : 0;
    return rng.weighted([[0, 55], [1, 28], [2, 12], [3, 5]] as const);
  },

  playSession(rng, s) {
    const persona = s.info.visitor.profile['persona'] ?? 'window_shopper';
    const shop = new Shop(rng, s, persona === 'big_spender');
    if (rng.chance(0.6)) shop.home();
    if (persona === 'bouncer') {
      if (s.pagesViewed === 0) shop.view();
      return;
    }
    const views = persona === 'researcher' ? rng.int(4, 9) : persona === 'window_shopper' ? rng.int(1, 6) : rng.int(1, 4);
    let category: string | undefined = rng.chance(0.6) ? shop.category() : undefined;
    const wantsToAdd = persona === 'cart_abandoner' || persona === 'buyer' || persona === 'big_spender' || (persona === 'researcher' && rng.chance(0.3));
    for (let i = 0; i < views; i++) {
      if (category !== undefined && rng.chance(0.25)) category = shop.category();
      const product = shop.view(category);
      if (wantsToAdd && (rng.chance(0.45) || (i === views - 1 && shop.cartSize === 0))) shop.add(product);
    }
    if (persona === 'big_spender') {
      while (shop.cartValue <= 120) shop.add(shop.view());
    }
    if (shop.cartSize === 0) return;
    shop.viewCart();
    if (shop.cartSize > 1 && rng.chance(0.2)) shop.removeOne();
    if (persona === 'buyer' || persona === 'big_spender') shop.checkout(true);
    else if (persona === 'cart_abandoner' && rng.chance(0.4)) shop.checkout(false);
  },
};

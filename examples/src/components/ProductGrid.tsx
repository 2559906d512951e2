import { IfFeatureEnabled, useFeatureIsOn } from '@growthbook/growthbook-react';

export interface Product {
  sku: string;
  name: string;
  price: number;
}

export function ProductGrid({ products }: { products: Product[] }) {
  const freeShipping = useFeatureIsOn('free-shipping');
  return (
    <section>
      <IfFeatureEnabled feature="promo-carousel">
        <div className="promo-carousel">Winter sale — up to 40% off</div>
      </IfFeatureEnabled>
      <ul className="product-grid">
        {products.map((product) => (
          <li key={product.sku}>
            <h3>{product.name}</h3>
            <p>{product.price.toFixed(2)} €</p>
            {freeShipping && <small>Free shipping</small>}
          </li>
        ))}
      </ul>
    </section>
  );
}

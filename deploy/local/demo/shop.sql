-- A small sample shop for the demo: related tables with varied column types.
CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4;
USE shop;

CREATE TABLE IF NOT EXISTS customers (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email      VARCHAR(190) NOT NULL UNIQUE,
  name       VARCHAR(100) NOT NULL COMMENT 'display name',
  country    CHAR(2) NOT NULL DEFAULT 'DE',
  vip        TINYINT(1) NOT NULL DEFAULT 0,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  birthday   DATE NULL
) ENGINE=InnoDB COMMENT 'people who buy';

CREATE TABLE IF NOT EXISTS products (
  sku        VARCHAR(32) NOT NULL PRIMARY KEY,
  title      VARCHAR(200) NOT NULL,
  price      DECIMAL(12,2) NOT NULL,
  weight_kg  DOUBLE NULL,
  stock      MEDIUMINT UNSIGNED NOT NULL DEFAULT 0,
  status     ENUM('draft','active','retired') NOT NULL DEFAULT 'draft',
  tags       SET('new','sale','eco') NOT NULL DEFAULT '',
  attributes JSON NULL,
  photo      MEDIUMBLOB NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS orders (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  placed_at   DATETIME(6) NOT NULL,
  total       DECIMAL(14,2) NOT NULL,
  note        TEXT NULL,
  KEY idx_customer (customer_id, placed_at),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS order_items (
  order_id   BIGINT UNSIGNED NOT NULL,
  line_no    SMALLINT NOT NULL,
  sku        VARCHAR(32) NOT NULL,
  quantity   INT NOT NULL,
  unit_price DECIMAL(12,2) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_items_product FOREIGN KEY (sku) REFERENCES products (sku)
) ENGINE=InnoDB;

INSERT IGNORE INTO customers (id, email, name, country, vip, created_at, birthday) VALUES
  (1, 'ada@example.com', 'Ada Lovelace', 'GB', 1, '2024-01-02 03:04:05.678', '1815-12-10'),
  (2, 'linus@example.com', 'Linus T.', 'FI', 0, '2024-02-03 04:05:06.789', NULL),
  (3, 'zoë@example.com', 'Zoë 🚀 Ñandú', 'ES', 0, '2024-03-04 05:06:07.890', '1990-07-01');

INSERT IGNORE INTO products VALUES
  ('SKU-1', 'Teapot', 24.90, 1.25, 100, 'active', 'new,eco', '{"color": "blue", "sizes": [1, 2]}', NULL),
  ('SKU-2', 'Cup', 4.50, 0.2, 5000, 'active', 'sale', NULL, x'89504e470d0a1a0a'),
  ('SKU-3', 'Saucer', 3.10, NULL, 0, 'retired', '', '{"discontinued": true}', NULL);

INSERT IGNORE INTO orders (id, customer_id, placed_at, total, note) VALUES
  (1, 1, '2024-05-01 10:00:00.123456', 29.40, 'gift wrap'),
  (2, 3, '2024-05-02 11:30:00', 9.00, NULL);

INSERT IGNORE INTO order_items VALUES
  (1, 1, 'SKU-1', 1, 24.90), (1, 2, 'SKU-2', 1, 4.50), (2, 1, 'SKU-2', 2, 4.50);

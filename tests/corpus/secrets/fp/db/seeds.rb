User.create!(email: "admin@acme.test", encrypted_password: "$2a$10$Gw6Tm0lQ7jv8s1v5d1n3JeQx2o8cP7k9vWm4bT6uY2rL0aZ3sN5qK")
User.create!(email: "ops@acme.test", password_digest: "$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")

# Writes houses.jsonl: 200 synthetic sales, price linear in area, rooms and age plus noise.
# python3 data/generate-houses.py > data/houses.jsonl
import json
import random

rng = random.Random(19)
for i in range(200):
    area = round(rng.uniform(40, 200), 1)
    rooms = rng.randint(1, 6)
    age = rng.randint(0, 80)
    price = 1500 * area + 8000 * rooms - 600 * age + 20000 + rng.gauss(0, 8000)
    print(json.dumps({'area': area, 'rooms': rooms, 'age': age, 'price': round(price, 2), 'split': 'test' if i % 4 == 3 else 'train'}))

